package io.roleport.sim;

import static io.roleport.sim.SimClients.ACME_ADMIN;
import static io.roleport.sim.SimClients.ROLEPORT;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateRoleResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** IAM through the real SDK: a customer admin creates the role Roleport then assumes. */
class IamRoleTest {

    private static final String ACME_EXTERNAL_ID = "rp-acme0000000000000000000000000444";

    private static CloudSimulator sim;
    private static IamClient acmeAdmin;
    private static StsClient roleport;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = CloudSimulator.start(0, SEED);
        acmeAdmin = SimClients.iam(sim, ACME_ADMIN);
        roleport = SimClients.sts(sim, ROLEPORT);
    }

    @AfterAll
    static void stopSimulator() {
        acmeAdmin.close();
        roleport.close();
        sim.close();
    }

    private static String trustRoleport(String externalId) {
        return """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::111111111111:user/roleport"},
                 "Action":["sts:AssumeRole","sts:SetSourceIdentity","sts:TagSession"],
                 "Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}""".formatted(externalId);
    }

    @Test
    void customerAdminCreatesARoleThatRoleportCanThenAssume() {
        CreateRoleResponse created = acmeAdmin.createRole(r -> r.roleName("RoleportAutomation")
                .assumeRolePolicyDocument(trustRoleport(ACME_EXTERNAL_ID)).description("Roleport automation"));

        assertEquals("arn:aws:iam::444444444444:role/RoleportAutomation", created.role().arn());
        Role fetched = acmeAdmin.getRole(r -> r.roleName("RoleportAutomation")).role();
        assertTrue(URLDecoder.decode(fetched.assumeRolePolicyDocument(), StandardCharsets.UTF_8).contains(ACME_EXTERNAL_ID));
        String arn = roleport.assumeRole(r -> r.roleArn(created.role().arn()).roleSessionName("bind")
                .externalId(ACME_EXTERNAL_ID).sourceIdentity("alice")).assumedRoleUser().arn();
        assertEquals("arn:aws:sts::444444444444:assumed-role/RoleportAutomation/bind", arn);
    }

    private static final String CREATE_GLOBEX_ROLES = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateRole",
             "Resource":"arn:aws:iam::333333333333:role/Globex*"}]}""";

    @Test
    void principalWithoutAnIamPolicyMayNotCreateRoles() {
        try (IamClient iam = SimClients.iam(sim, ROLEPORT)) {
            IamException e = assertThrows(IamException.class, () -> iam.createRole(r -> r.roleName("Sneaky")
                    .assumeRolePolicyDocument(trustRoleport("rp-whatever-1234"))));

            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
    }

    @Test
    void sessionOfARoleAllowedIamCreateRoleMayCreateRoles() {
        sim.putRolePolicy("333333333333", "RoleportAutomation", "CreateGlobexRoles", CREATE_GLOBEX_ROLES);
        try (IamClient iam = SimClients.iam(sim, SimClients.session(sim, SimClients.GLOBEX_AUTOMATION, SimClients.GLOBEX_EXTERNAL_ID))) {
            String arn = iam.createRole(r -> r.roleName("GlobexEksClusterRole").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                    .role().arn();

            assertEquals("arn:aws:iam::333333333333:role/GlobexEksClusterRole", arn);
        }
    }

    @Test
    void secondRoleWithTheSameNameIsRefused() {
        acmeAdmin.createRole(r -> r.roleName("Twice").assumeRolePolicyDocument(trustRoleport("rp-twice-0001")));

        IamException e = assertThrows(IamException.class,
                () -> acmeAdmin.createRole(r -> r.roleName("Twice").assumeRolePolicyDocument(trustRoleport("rp-twice-0001"))));
        assertEquals("EntityAlreadyExists", e.awsErrorDetails().errorCode());
        assertEquals(409, e.statusCode());
    }

    @Test
    void trustPolicyThatIsNotJsonIsRefused() {
        IamException e = assertThrows(IamException.class,
                () -> acmeAdmin.createRole(r -> r.roleName("Broken").assumeRolePolicyDocument("{\"Version\":")));

        assertEquals("MalformedPolicyDocument", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void trustPolicyNamingAPrincipalThatDoesNotExistIsRefused() {
        IamException e = assertThrows(IamException.class, () -> acmeAdmin.createRole(r -> r.roleName("Ghost")
                .assumeRolePolicyDocument(trustRoleport("x").replace("user/roleport", "user/nobody"))));

        assertEquals("MalformedPolicyDocument", e.awsErrorDetails().errorCode());
    }

    @Test
    void sourceIdentityAndSessionTagsNeedTheirOwnPermissionInTheTrustPolicy() {
        String onlyAssume = trustRoleport("rp-plain-0001").replace(
                "[\"sts:AssumeRole\",\"sts:SetSourceIdentity\",\"sts:TagSession\"]", "\"sts:AssumeRole\"");
        String arn = acmeAdmin.createRole(r -> r.roleName("PlainTrust").assumeRolePolicyDocument(onlyAssume)).role().arn();

        StsException withIdentity = assertThrows(StsException.class, () -> roleport.assumeRole(r -> r.roleArn(arn)
                .roleSessionName("si").externalId("rp-plain-0001").sourceIdentity("alice")));
        StsException withTags = assertThrows(StsException.class, () -> roleport.assumeRole(r -> r.roleArn(arn)
                .roleSessionName("tags").externalId("rp-plain-0001").tags(t -> t.key("org").value("acme"))));
        String plain = roleport.assumeRole(r -> r.roleArn(arn).roleSessionName("plain").externalId("rp-plain-0001"))
                .assumedRoleUser().arn();

        assertEquals("AccessDenied", withIdentity.awsErrorDetails().errorCode());
        assertEquals("AccessDenied", withTags.awsErrorDetails().errorCode());
        assertEquals("arn:aws:sts::444444444444:assumed-role/PlainTrust/plain", plain);
    }

    @Test
    void chainedSessionKeepsItsSourceIdentityAndCannotChangeIt() {
        sim.putRolePolicy("333333333333", "RoleportAutomation", "CreateGlobexRoles", CREATE_GLOBEX_ROLES);
        AwsCredentialsProvider automation = SimClients.session(sim, SimClients.GLOBEX_AUTOMATION,
                SimClients.GLOBEX_EXTERNAL_ID, "alice", Map.of());
        try (IamClient iam = SimClients.iam(sim, automation); StsClient sts = SimClients.sts(sim, automation)) {
            String deployer = iam.createRole(r -> r.roleName("GlobexDeployer").assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                     "Principal":{"AWS":"arn:aws:iam::333333333333:role/RoleportAutomation"},
                     "Action":["sts:AssumeRole","sts:SetSourceIdentity"]}]}""")).role().arn();

            StsException changed = assertThrows(StsException.class, () -> sts.assumeRole(r -> r.roleArn(deployer)
                    .roleSessionName("chain").sourceIdentity("mallory")));
            AssumeRoleResponse chained = sts.assumeRole(r -> r.roleArn(deployer).roleSessionName("chain"));

            assertEquals("AccessDenied", changed.awsErrorDetails().errorCode());
            assertEquals("alice", chained.sourceIdentity());
            try (StsClient second = SimClients.sts(sim, SimClients.provider(chained.credentials()))) {
                assertEquals("arn:aws:sts::333333333333:assumed-role/GlobexDeployer/chain", second.getCallerIdentity().arn());
            }
        }
    }

    @Test
    void missingRoleIsNoSuchEntity() {
        IamException e = assertThrows(IamException.class, () -> acmeAdmin.getRole(r -> r.roleName("DoesNotExist")));

        assertEquals("NoSuchEntity", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
    }

    @Test
    void deletedRoleCanNoLongerBeAssumed() {
        acmeAdmin.createRole(r -> r.roleName("ShortLived").assumeRolePolicyDocument(trustRoleport("rp-short-0001")));

        acmeAdmin.deleteRole(r -> r.roleName("ShortLived"));

        StsException e = assertThrows(StsException.class, () -> roleport.assumeRole(r -> r
                .roleArn("arn:aws:iam::444444444444:role/ShortLived").roleSessionName("late").externalId("rp-short-0001")));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
    }
}
