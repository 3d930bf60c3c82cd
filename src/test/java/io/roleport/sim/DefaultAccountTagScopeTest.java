package io.roleport.sim;

import static io.roleport.sim.SimClients.FAST_WAITER;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.EksException;

/**
 * Issue #11, the installation's default account: its role's policy lets a session change only the EKS/EC2
 * resources tagged {@code roleport:org} = the session's {@code roleport-org} tag, and create only resources tagged
 * so (docs/default-account.md). Two organizations' sessions of the same role, through the real SDK.
 */
class DefaultAccountTagScopeTest {
    static final String DEFAULT_ROLE = "arn:aws:iam::222222222222:role/RoleportWorkload";
    static final String DEFAULT_EXTERNAL_ID = "rp-00000000000000000000000000000222";
    static final String CLUSTER_ROLE = "arn:aws:iam::222222222222:role/RoleportEksClusterRole";
    static final String NODE_ROLE = "arn:aws:iam::222222222222:role/RoleportEksNodeRole";

    private static CloudSimulator sim;
    private static AwsCredentialsProvider acme;
    private static AwsCredentialsProvider globex;
    private static Vpc acmeVpc;
    private static List<String> acmeSubnets;

    @BeforeAll
    static void acmeHasANetworkAndACluster() throws Exception {
        sim = CloudSimulator.start(0, SEED);
        sim.setTransitionDelay(Duration.ofMillis(100));
        acme = SimClients.session(sim, DEFAULT_ROLE, DEFAULT_EXTERNAL_ID, "alice", Map.of("roleport-org", "acme"));
        globex = SimClients.session(sim, DEFAULT_ROLE, DEFAULT_EXTERNAL_ID, "gus", Map.of("roleport-org", "globex"));
        try (Ec2Client ec2 = SimClients.ec2(sim, acme); EksClient eks = SimClients.eks(sim, acme)) {
            acmeVpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(tags(ResourceType.VPC, "acme"))).vpc();
            acmeSubnets = List.of(
                    ec2.createSubnet(r -> r.vpcId(acmeVpc.vpcId()).cidrBlock("10.0.0.0/24").availabilityZone("eu-west-1a")
                            .tagSpecifications(tags(ResourceType.SUBNET, "acme"))).subnet().subnetId(),
                    ec2.createSubnet(r -> r.vpcId(acmeVpc.vpcId()).cidrBlock("10.0.1.0/24").availabilityZone("eu-west-1b")
                            .tagSpecifications(tags(ResourceType.SUBNET, "acme"))).subnet().subnetId());
            eks.createCluster(r -> r.name("shared-name").roleArn(CLUSTER_ROLE)
                    .resourcesVpcConfig(v -> v.subnetIds(acmeSubnets)).tags(Map.of("roleport:org", "acme")));
            eks.waiter().waitUntilClusterActive(software.amazon.awssdk.services.eks.model.DescribeClusterRequest.builder().name("shared-name").build(), FAST_WAITER);
            eks.createNodegroup(r -> r.clusterName("shared-name").nodegroupName("default").nodeRole(NODE_ROLE)
                    .subnets(acmeSubnets).tags(Map.of("roleport:org", "acme")));
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void anotherOrganizationsSessionCannotDeleteOrExtendTheCluster() {
        try (EksClient eks = SimClients.eks(sim, globex)) {
            EksException delete = assertThrows(EksException.class, () -> eks.deleteNodegroup(r -> r.clusterName("shared-name")
                    .nodegroupName("default")));
            assertRefused(delete, "eks:DeleteNodegroup", "arn:aws:eks:eu-west-1:222222222222:nodegroup/shared-name/default/");
            EksException deleteCluster = assertThrows(EksException.class, () -> eks.deleteCluster(r -> r.name("shared-name")));
            assertRefused(deleteCluster, "eks:DeleteCluster", "arn:aws:eks:eu-west-1:222222222222:cluster/shared-name");
            EksException addNodes = assertThrows(EksException.class, () -> eks.createNodegroup(r -> r.clusterName("shared-name")
                    .nodegroupName("extra").nodeRole(NODE_ROLE).subnets(acmeSubnets).tags(Map.of("roleport:org", "globex"))));
            assertRefused(addNodes, "eks:CreateNodegroup", "arn:aws:eks:eu-west-1:222222222222:cluster/shared-name");

            assertEquals("acme", eks.describeCluster(r -> r.name("shared-name")).cluster().tags().get("roleport:org"),
                    "reads are not scoped: the owner tag is what Roleport checks before it adopts anything");
        }
        try (EksClient eks = SimClients.eks(sim, acme)) {
            assertEquals(List.of("default"), eks.listNodegroups(r -> r.clusterName("shared-name")).nodegroups());
        }
        assertEquals(3, sim.journal().entries().stream().filter(e -> "AccessDeniedException".equals(e.errorCode())
                && e.status() == 403 && "globex".equals(e.sessionTags().get("roleport-org"))).count());
    }

    @Test
    void anotherOrganizationsSessionCannotScaleOrUpgradeTheCluster() {
        AwsCredentialsProvider initech = SimClients.session(sim, DEFAULT_ROLE, DEFAULT_EXTERNAL_ID, "ivy",
                Map.of("roleport-org", "initech"));
        try (EksClient eks = SimClients.eks(sim, initech)) {
            EksException scale = assertThrows(EksException.class, () -> eks.updateNodegroupConfig(r -> r
                    .clusterName("shared-name").nodegroupName("default").scalingConfig(s -> s.minSize(0).desiredSize(0)
                            .maxSize(1))));
            assertRefused(scale, "eks:UpdateNodegroupConfig", "arn:aws:eks:eu-west-1:222222222222:nodegroup/shared-name/default/");
            EksException upgrade = assertThrows(EksException.class, () -> eks.updateClusterVersion(r -> r.name("shared-name")
                    .version("1.34")));
            assertRefused(upgrade, "eks:UpdateClusterVersion", "arn:aws:eks:eu-west-1:222222222222:cluster/shared-name");
        }
    }

    @Test
    void aCreateMustBeTaggedForTheSessionsOwnOrganization() {
        try (EksClient eks = SimClients.eks(sim, globex); Ec2Client ec2 = SimClients.ec2(sim, globex)) {
            EksException untagged = assertThrows(EksException.class, () -> eks.createCluster(r -> r.name("globex-untagged")
                    .roleArn(CLUSTER_ROLE).resourcesVpcConfig(v -> v.subnetIds(acmeSubnets))));
            assertRefused(untagged, "eks:CreateCluster", "arn:aws:eks:eu-west-1:222222222222:cluster/globex-untagged");
            EksException posing = assertThrows(EksException.class, () -> eks.createCluster(r -> r.name("globex-posing")
                    .roleArn(CLUSTER_ROLE).resourcesVpcConfig(v -> v.subnetIds(acmeSubnets)).tags(Map.of("roleport:org", "acme"))));
            assertRefused(posing, "eks:CreateCluster", "arn:aws:eks:eu-west-1:222222222222:cluster/globex-posing");

            Ec2Exception vpc = assertThrows(Ec2Exception.class, () -> ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16")));
            assertUnauthorized(vpc);
            Vpc own = ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16").tagSpecifications(tags(ResourceType.VPC, "globex"))).vpc();
            assertEquals("globex", own.tags().get(0).value());
        }
    }

    @Test
    void anotherOrganizationsSessionCannotTagOrDeleteTheNetwork() {
        try (Ec2Client ec2 = SimClients.ec2(sim, globex)) {
            assertUnauthorized(assertThrows(Ec2Exception.class, () -> ec2.deleteSubnet(r -> r.subnetId(acmeSubnets.get(0)))));
            assertUnauthorized(assertThrows(Ec2Exception.class, () -> ec2.deleteVpc(r -> r.vpcId(acmeVpc.vpcId()))));
            assertUnauthorized(assertThrows(Ec2Exception.class, () -> ec2.createTags(r -> r.resources(acmeVpc.vpcId())
                    .tags(Tag.builder().key("roleport:org").value("globex").build()))));
            assertUnauthorized(assertThrows(Ec2Exception.class, () -> ec2.createSubnet(r -> r.vpcId(acmeVpc.vpcId())
                    .cidrBlock("10.0.9.0/24").availabilityZone("eu-west-1a").tagSpecifications(tags(ResourceType.SUBNET, "globex")))));
        }
        try (Ec2Client ec2 = SimClients.ec2(sim, acme)) {
            assertEquals(2, ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(acmeVpc.vpcId()))).subnets().size());
            assertEquals("acme", ec2.describeVpcs(r -> r.vpcIds(acmeVpc.vpcId())).vpcs().get(0).tags().get(0).value());
            assertUnauthorized(assertThrows(Ec2Exception.class, () -> ec2.createTags(r -> r.resources(acmeVpc.vpcId())
                    .tags(Tag.builder().key("roleport:org").value("globex").build()))), "nor hand its own to another org");
        }
    }

    @Test
    void aSessionWithoutTheOrganizationTagMayChangeNothing() {
        AwsCredentialsProvider untagged = SimClients.session(sim, DEFAULT_ROLE, DEFAULT_EXTERNAL_ID);
        try (EksClient eks = SimClients.eks(sim, untagged); Ec2Client ec2 = SimClients.ec2(sim, untagged)) {
            assertRefused(assertThrows(EksException.class, () -> eks.deleteCluster(r -> r.name("shared-name"))),
                    "eks:DeleteCluster", "arn:aws:eks:eu-west-1:222222222222:cluster/shared-name");
            assertUnauthorized(assertThrows(Ec2Exception.class, () -> ec2.createVpc(r -> r.cidrBlock("10.2.0.0/16")
                    .tagSpecifications(tags(ResourceType.VPC, "acme")))));
        }
    }

    private static TagSpecification tags(ResourceType type, String org) {
        return TagSpecification.builder().resourceType(type).tags(Tag.builder().key("roleport:org").value(org).build()).build();
    }

    private static void assertRefused(AwsServiceException e, String action, String resourcePrefix) {
        assertEquals(403, e.statusCode());
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
        String message = e.awsErrorDetails().errorMessage();
        assertTrue(message.matches("User: arn:aws:sts::222222222222:assumed-role/RoleportWorkload/roleport-test is not"
                + " authorized to perform: " + action + " on resource: " + java.util.regex.Pattern.quote(resourcePrefix) + ".*"),
                message);
    }

    private static void assertUnauthorized(Ec2Exception e) {
        assertUnauthorized(e, "");
    }

    private static void assertUnauthorized(Ec2Exception e, String why) {
        assertEquals(403, e.statusCode(), why);
        assertEquals("UnauthorizedOperation", e.awsErrorDetails().errorCode(), why);
        assertTrue(e.awsErrorDetails().errorMessage().startsWith(
                "You are not authorized to perform this operation. Encoded authorization failure message: "), why);
    }
}
