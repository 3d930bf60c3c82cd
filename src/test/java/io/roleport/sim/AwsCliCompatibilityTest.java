package io.roleport.sim;

import static io.roleport.sim.SimClients.GLOBEX_AUTOMATION;
import static io.roleport.sim.SimClients.GLOBEX_EXTERNAL_ID;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second, independent client: Debian's AWS CLI v2 ({@code /usr/bin/aws}, package {@code awscli}) against the
 * simulator, so the wire format is not only right "for the Java SDK". Always {@code /usr/bin/aws}: a shim
 * earlier on PATH may be an old v1. Fails (does not skip) when the CLI is missing: {@code .ci/run} installs it.
 */
class AwsCliCompatibilityTest {

    private static final String[] ROLEPORT = {"AKIAROLEPORTLOCAL001", "roleport-local-secret-not-for-production"};
    private static final String[] ACME_ADMIN = {"AKIAACMEADMINLOCAL01", "acme-admin-local-secret-not-for-production"};

    @TempDir
    static Path home;
    private static CloudSimulator sim;
    private static AwsCli cli;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(AwsCli.AWS), "/usr/bin/aws is missing: install Debian's awscli package "
                + "(apt-get install -y awscli); .ci/run installs it when /usr/bin/aws is missing");
        sim = CloudSimulator.start(0, SEED);
        cli = new AwsCli(sim.endpoint(), home);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static AwsCli.Run aws(String[] key, String... args) throws Exception {
        return cli.run(key, args);
    }

    @Test
    void getCallerIdentity() throws Exception {
        JsonNode me = aws(ROLEPORT, "sts", "get-caller-identity").json();

        assertEquals("arn:aws:iam::111111111111:user/roleport", me.path("Arn").asText());
        assertEquals("111111111111", me.path("Account").asText());
    }

    @Test
    void assumeRoleWithExternalIdAndUseTheSession() throws Exception {
        JsonNode r = aws(ROLEPORT, "sts", "assume-role", "--role-arn", GLOBEX_AUTOMATION, "--role-session-name", "cli",
                "--external-id", GLOBEX_EXTERNAL_ID, "--source-identity", "alice").json();

        assertEquals("arn:aws:sts::333333333333:assumed-role/RoleportAutomation/cli", r.path("AssumedRoleUser").path("Arn").asText());
        JsonNode c = r.path("Credentials");
        assertTrue(c.path("AccessKeyId").asText().startsWith("ASIA"));
        String[] session = {c.path("AccessKeyId").asText(), c.path("SecretAccessKey").asText(), c.path("SessionToken").asText()};
        assertEquals("333333333333", aws(session, "sts", "get-caller-identity").json().path("Account").asText());
        assertEquals(1, sim.journal().count("sts", "GetCallerIdentity", "333333333333"));
    }

    @Test
    void refusedAssumeRoleExitsNonZeroWithAccessDenied() throws Exception {
        AwsCli.Run r = aws(ROLEPORT, "sts", "assume-role", "--role-arn", GLOBEX_AUTOMATION, "--role-session-name", "cli-no-xid");

        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("AccessDenied"), r.err());
    }

    @Test
    void iamRolesVpcsAndAnEksCluster() throws Exception {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        JsonNode created = aws(ACME_ADMIN, "iam", "create-role", "--role-name", "CliClusterRole",
                "--assume-role-policy-document", policy, "--max-session-duration", "7200").json();
        String roleArn = created.path("Role").path("Arn").asText();
        assertEquals("arn:aws:iam::444444444444:role/CliClusterRole", roleArn);
        JsonNode role = aws(ACME_ADMIN, "iam", "get-role", "--role-name", "CliClusterRole").json().path("Role");
        assertEquals(7200, role.path("MaxSessionDuration").asInt());
        assertEquals("eks.amazonaws.com", role.path("AssumeRolePolicyDocument").path("Statement").path(0)
                .path("Principal").path("Service").asText(), "the CLI decodes the URL-encoded policy: " + role);
        aws(ACME_ADMIN, "iam", "attach-role-policy", "--role-name", "CliClusterRole",
                "--policy-arn", "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy");
        assertEquals("AmazonEKSClusterPolicy", aws(ACME_ADMIN, "iam", "list-attached-role-policies", "--role-name",
                "CliClusterRole").json().path("AttachedPolicies").path(0).path("PolicyName").asText());

        String vpcId = aws(ACME_ADMIN, "ec2", "create-vpc", "--cidr-block", "10.20.0.0/16").json().path("Vpc").path("VpcId").asText();
        JsonNode vpcs = aws(ACME_ADMIN, "ec2", "describe-vpcs", "--vpc-ids", vpcId).json().path("Vpcs");
        assertEquals(1, vpcs.size());
        assertEquals("10.20.0.0/16", vpcs.path(0).path("CidrBlock").asText());
        String a = aws(ACME_ADMIN, "ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.20.0.0/20",
                "--availability-zone", "eu-west-1a").json().path("Subnet").path("SubnetId").asText();
        String b = aws(ACME_ADMIN, "ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.20.16.0/20",
                "--availability-zone", "eu-west-1b").json().path("Subnet").path("SubnetId").asText();

        JsonNode cluster = aws(ACME_ADMIN, "eks", "create-cluster", "--name", "cli-cluster", "--role-arn", roleArn,
                "--resources-vpc-config", "subnetIds=" + a + "," + b).json().path("cluster");
        assertEquals("CREATING", cluster.path("status").asText());
        JsonNode described = aws(ACME_ADMIN, "eks", "describe-cluster", "--name", "cli-cluster").json().path("cluster");
        assertEquals("arn:aws:eks:eu-west-1:444444444444:cluster/cli-cluster", described.path("arn").asText());
        assertEquals(roleArn, described.path("roleArn").asText());
        assertEquals(1, sim.journal().count("eks", "DescribeCluster", "444444444444", "cli-cluster"));
    }
}
