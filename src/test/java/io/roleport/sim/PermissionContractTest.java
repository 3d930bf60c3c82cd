package io.roleport.sim;

import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessDeniedException;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Contract of the simulator's IAM authorization: each test fails if the rule it names is removed. Calls go through
 * the real SDK clients as a session of a role whose only permissions are the inline policy the test gives it, in
 * globex's account (whose seeded {@code RoleportEksClusterRole}/{@code RoleportEksNodeRole} are what EKS expects).
 */
class PermissionContractTest {
    private static final String ACCOUNT = "333333333333";
    private static final String CLUSTER_ROLE = "arn:aws:iam::333333333333:role/RoleportEksClusterRole";
    private static final String NODE_ROLE = "arn:aws:iam::333333333333:role/RoleportEksNodeRole";
    private static final String TRUST_ROLEPORT = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
             "Principal":{"AWS":"arn:aws:iam::111111111111:user/roleport"},"Action":"sts:AssumeRole",
             "Condition":{"StringEquals":{"sts:ExternalId":"rp-contract-0001"}}}]}""";
    private static final String NETWORK_AND_CLUSTERS = """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":["ec2:*"],"Resource":"*"},
             {"Effect":"Allow","Action":["eks:CreateCluster","eks:DescribeCluster","eks:CreateNodegroup"],"Resource":"*"}]}""";

    private CloudSimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = CloudSimulator.start(0, SEED);
        sim.setTransitionDelay(java.time.Duration.ZERO);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** A session of a fresh role {@code name} in globex's account whose only permissions are {@code policies}. */
    private AwsCredentialsProvider roleWith(String name, String... policies) {
        sim.putRole(ACCOUNT, name, TRUST_ROLEPORT);
        for (int i = 0; i < policies.length; i++) {
            sim.putRolePolicy(ACCOUNT, name, "p" + i, policies[i]);
        }
        return SimClients.session(sim, "arn:aws:iam::" + ACCOUNT + ":role/" + name, "rp-contract-0001");
    }

    private List<String> subnets(AwsCredentialsProvider session) {
        try (Ec2Client ec2 = SimClients.ec2(sim, session)) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            return List.of(
                    ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.0.0/24").availabilityZone("eu-west-1a")).subnet().subnetId(),
                    ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("eu-west-1b")).subnet().subnetId());
        }
    }

    @Test
    void createClusterWithoutPassRoleIsAccessDeniedNamingTheRole() {
        AwsCredentialsProvider s = roleWith("NoPassRole", NETWORK_AND_CLUSTERS);
        List<String> subnets = subnets(s);
        try (EksClient eks = SimClients.eks(sim, s)) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> eks.createCluster(r -> r.name("c1")
                    .roleArn(CLUSTER_ROLE).resourcesVpcConfig(v -> v.subnetIds(subnets))));

            assertEquals(403, e.statusCode());
            assertEquals("User: arn:aws:sts::333333333333:assumed-role/NoPassRole/roleport-test is not authorized to perform:"
                    + " iam:PassRole on resource: " + CLUSTER_ROLE + " because no identity-based policy allows the"
                    + " iam:PassRole action", e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void passRoleIsCheckedWithPassedToServiceEks() {
        String passToEc2Only = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"%s",
                 "Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]}""".formatted(CLUSTER_ROLE);
        String passToEks = passToEc2Only.replace("ec2.amazonaws.com", "eks.amazonaws.com");
        AwsCredentialsProvider wrong = roleWith("PassToEc2", NETWORK_AND_CLUSTERS, passToEc2Only);
        AwsCredentialsProvider right = roleWith("PassToEks", NETWORK_AND_CLUSTERS, passToEks);
        List<String> subnets = subnets(right);
        try (EksClient w = SimClients.eks(sim, wrong); EksClient r = SimClients.eks(sim, right)) {
            assertThrows(AccessDeniedException.class, () -> w.createCluster(c -> c.name("c2").roleArn(CLUSTER_ROLE)
                    .resourcesVpcConfig(v -> v.subnetIds(subnets))));
            assertEquals("CREATING", r.createCluster(c -> c.name("c2").roleArn(CLUSTER_ROLE)
                    .resourcesVpcConfig(v -> v.subnetIds(subnets))).cluster().statusAsString());
        }
    }

    @Test
    void explicitDenyWinsOverAnAllowAndNotActionExcludes() {
        String deny = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["ec2:Describe*"],"Resource":"*"}]}""";
        AwsCredentialsProvider s = roleWith("Denied", NETWORK_AND_CLUSTERS, deny);
        try (Ec2Client ec2 = SimClients.ec2(sim, s)) {
            assertTrue(ec2.describeVpcs().vpcs().isEmpty(), "NotAction leaves Describe* to the Allow");
            Ec2Exception e = assertThrows(Ec2Exception.class, () -> ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16")));
            assertEquals("UnauthorizedOperation", e.awsErrorDetails().errorCode());
            String encoded = e.awsErrorDetails().errorMessage().substring(e.awsErrorDetails().errorMessage().lastIndexOf(' ') + 1);
            String decoded = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            assertTrue(decoded.contains("\"explicitDeny\":true") && decoded.contains("\"action\":\"ec2:CreateVpc\""), decoded);
        }
    }

    @Test
    void requestTagConditionsAndTagOnCreateNeedTheirOwnGrant() {
        String taggedOnly = """
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Action":"ec2:CreateVpc","Resource":"*",
                  "Condition":{"StringLike":{"aws:RequestTag/team":"web-*"},"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}]}""";
        String tagOnCreate = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*",
                 "Condition":{"StringEquals":{"ec2:CreateAction":"CreateVpc"}}}]}""";
        AwsCredentialsProvider noTagGrant = roleWith("NoTagGrant", taggedOnly);
        AwsCredentialsProvider s = roleWith("Tagged", taggedOnly, tagOnCreate);
        try (Ec2Client ec2 = SimClients.ec2(sim, s); Ec2Client bare = SimClients.ec2(sim, noTagGrant)) {
            assertThrows(Ec2Exception.class, () -> bare.createVpc(r -> r.cidrBlock("10.2.0.0/16").tagSpecifications(tags("web-1"))),
                    "tagging on create needs ec2:CreateTags");
            assertThrows(Ec2Exception.class, () -> ec2.createVpc(r -> r.cidrBlock("10.2.0.0/16")), "no tag: StringLike fails");
            assertThrows(Ec2Exception.class, () -> ec2.createVpc(r -> r.cidrBlock("10.2.0.0/16").tagSpecifications(tags("db-1"))));
            assertThrows(Ec2Exception.class, () -> ec2.createVpc(r -> r.cidrBlock("10.2.0.0/16").tagSpecifications(
                    TagSpecification.builder().resourceType(ResourceType.VPC).tags(Tag.builder().key("team").value("web-1").build(),
                            Tag.builder().key("other").value("x").build()).build())), "ForAllValues: every key must be listed");
            assertTrue(ec2.createVpc(r -> r.cidrBlock("10.2.0.0/16").tagSpecifications(tags("web-1"))).vpc().vpcId().startsWith("vpc-"));
        }
    }

    private static TagSpecification tags(String team) {
        return TagSpecification.builder().resourceType(ResourceType.VPC).tags(Tag.builder().key("team").value(team).build()).build();
    }

    @Test
    void principalTagVariablesScopeResourcesToTheSessionsOwnTag() {
        sim.putRole(ACCOUNT, "Scoped", TRUST_ROLEPORT.replace("\"sts:AssumeRole\"", "[\"sts:AssumeRole\",\"sts:TagSession\"]"));
        sim.putRolePolicy(ACCOUNT, "Scoped", "p", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:CreateVpc","ec2:CreateTags"],"Resource":"*",
                 "Condition":{"StringEquals":{"aws:RequestTag/team":"${aws:PrincipalTag/team}"}}}]}""");
        String role = "arn:aws:iam::" + ACCOUNT + ":role/Scoped";
        try (Ec2Client web = SimClients.ec2(sim, SimClients.session(sim, role, "rp-contract-0001", null, Map.of("team", "web-1")));
                Ec2Client none = SimClients.ec2(sim, SimClients.session(sim, role, "rp-contract-0001"))) {
            assertTrue(web.createVpc(r -> r.cidrBlock("10.3.0.0/16").tagSpecifications(tags("web-1"))).vpc().vpcId().startsWith("vpc-"));
            assertThrows(Ec2Exception.class, () -> web.createVpc(r -> r.cidrBlock("10.3.0.0/16").tagSpecifications(tags("db-1"))));
            assertThrows(Ec2Exception.class, () -> none.createVpc(r -> r.cidrBlock("10.3.0.0/16").tagSpecifications(tags("web-1"))),
                    "a variable without a value matches nothing");
        }
    }

    @Test
    void eksRefusesAClusterRoleThatDoesNotTrustEksOrLacksItsPolicy() {
        String passAny = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}""";
        AwsCredentialsProvider s = roleWith("Passer", NETWORK_AND_CLUSTERS, passAny);
        sim.putRole(ACCOUNT, "Untrusting", TRUST_ROLEPORT);
        sim.putRole(ACCOUNT, "Bare", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":\"eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
        List<String> subnets = subnets(s);
        try (EksClient eks = SimClients.eks(sim, s)) {
            InvalidParameterException untrusted = assertThrows(InvalidParameterException.class, () -> eks.createCluster(r -> r
                    .name("c3").roleArn("arn:aws:iam::333333333333:role/Untrusting").resourcesVpcConfig(v -> v.subnetIds(subnets))));
            InvalidParameterException bare = assertThrows(InvalidParameterException.class, () -> eks.createCluster(r -> r
                    .name("c3").roleArn("arn:aws:iam::333333333333:role/Bare").resourcesVpcConfig(v -> v.subnetIds(subnets))));

            assertEquals("Role with arn: arn:aws:iam::333333333333:role/Untrusting, could not be assumed because it does not"
                    + " exist or the trusted entity is not correct", untrusted.awsErrorDetails().errorMessage());
            assertTrue(bare.awsErrorDetails().errorMessage().contains("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"),
                    bare.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void eksRefusesANodeRoleWithoutEc2Trust() {
        String passAny = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}""";
        AwsCredentialsProvider s = roleWith("NodePasser", NETWORK_AND_CLUSTERS, passAny);
        List<String> subnets = subnets(s);
        try (EksClient eks = SimClients.eks(sim, s)) {
            eks.createCluster(r -> r.name("c4").roleArn(CLUSTER_ROLE).resourcesVpcConfig(v -> v.subnetIds(subnets)));
            InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> eks.createNodegroup(r -> r
                    .clusterName("c4").nodegroupName("ng").subnets(subnets).nodeRole(CLUSTER_ROLE)));
            assertEquals("Following required service principals [ec2.amazonaws.com] were not found in the trust"
                    + " relationships of nodeRole " + CLUSTER_ROLE, e.awsErrorDetails().errorMessage());
            assertEquals("CREATING", eks.createNodegroup(r -> r.clusterName("c4").nodegroupName("ng").subnets(subnets)
                    .nodeRole(NODE_ROLE)).nodegroup().statusAsString());
        }
    }

    @Test
    void iamCallsNeedAnIdentityPolicyAndAnswerAccessDeniedLikeIam() {
        AwsCredentialsProvider s = roleWith("NoIam", NETWORK_AND_CLUSTERS);
        try (IamClient iam = SimClients.iam(sim, s)) {
            IamException e = assertThrows(IamException.class, () -> iam.getRole(r -> r.roleName("RoleportEksNodeRole")));
            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertEquals("User: arn:aws:sts::333333333333:assumed-role/NoIam/roleport-test is not authorized to perform:"
                    + " iam:GetRole on resource: " + NODE_ROLE + " because no identity-based policy allows the iam:GetRole"
                    + " action", e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void crossAccountAssumeRoleNeedsTheCallersOwnPolicyToo() {
        sim.putRole("444444444444", "Target", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"arn:aws:iam::333333333333:role/Hopper\"},\"Action\":\"sts:AssumeRole\"}]}");
        AwsCredentialsProvider hopper = roleWith("Hopper", NETWORK_AND_CLUSTERS);
        try (StsClient sts = SimClients.sts(sim, hopper)) {
            StsException e = assertThrows(StsException.class, () -> sts.assumeRole(r -> r
                    .roleArn("arn:aws:iam::444444444444:role/Target").roleSessionName("hop")));
            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        }
        sim.putRolePolicy(ACCOUNT, "Hopper", "hop", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::444444444444:role/Target"}]}""");
        try (StsClient sts = SimClients.sts(sim, hopper)) {
            assertEquals("444444444444", sts.assumeRole(r -> r.roleArn("arn:aws:iam::444444444444:role/Target")
                    .roleSessionName("hop")).assumedRoleUser().arn().split(":")[4]);
        }
    }

    @Test
    void simulatePrincipalPolicyUsesTheSameEvaluator() {
        try (IamClient iam = SimClients.iam(sim, SimClients.ACME_ADMIN)) {
            sim.putRole("444444444444", "Simulated", TRUST_ROLEPORT);
            sim.putRolePolicy("444444444444", "Simulated", "p", """
                    {"Version":"2012-10-17","Statement":[
                     {"Effect":"Allow","Action":"eks:CreateCluster","Resource":"*","Condition":{"Null":{"aws:RequestTag/owner":"false"}}},
                     {"Effect":"Deny","Action":"eks:DeleteCluster","Resource":"*"}]}""");
            List<EvaluationResult> results = iam.simulatePrincipalPolicy(r -> r
                    .policySourceArn("arn:aws:iam::444444444444:role/Simulated")
                    .actionNames("eks:CreateCluster", "eks:DeleteCluster", "eks:DescribeCluster")
                    .contextEntries(ContextEntry.builder().contextKeyName("aws:RequestTag/owner")
                            .contextKeyType(ContextKeyTypeEnum.STRING).contextKeyValues("me").build()))
                    .evaluationResults();
            List<EvaluationResult> untagged = iam.simulatePrincipalPolicy(r -> r
                    .policySourceArn("arn:aws:iam::444444444444:role/Simulated").actionNames("eks:CreateCluster")).evaluationResults();

            assertEquals(List.of("allowed", "explicitDeny", "implicitDeny"),
                    results.stream().map(EvaluationResult::evalDecisionAsString).toList());
            assertEquals("implicitDeny", untagged.get(0).evalDecisionAsString());
        }
    }

    @Test
    void aRoleWithPoliciesCannotBeDeletedUntilTheyAreRemoved() {
        try (IamClient iam = SimClients.iam(sim, SimClients.ACME_ADMIN)) {
            iam.createRole(r -> r.roleName("WithPolicy").assumeRolePolicyDocument(TRUST_ROLEPORT));
            iam.attachRolePolicy(r -> r.roleName("WithPolicy").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));

            assertThrows(DeleteConflictException.class, () -> iam.deleteRole(r -> r.roleName("WithPolicy")));
            iam.detachRolePolicy(r -> r.roleName("WithPolicy").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
            iam.deleteRole(r -> r.roleName("WithPolicy"));
        }
    }
}
