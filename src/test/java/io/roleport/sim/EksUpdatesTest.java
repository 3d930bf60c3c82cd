package io.roleport.sim;

import static io.roleport.sim.SimClients.FAST_WAITER;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.Update;
import software.amazon.awssdk.services.eks.model.UpdateStatus;
import software.amazon.awssdk.services.eks.waiters.EksWaiter;

/**
 * The EKS update APIs Roleport's day-2 operations use, through the real SDK: UpdateNodegroupConfig,
 * UpdateClusterVersion, UpdateNodegroupVersion and DescribeUpdate, with what EKS enforces: one update at a time
 * ({@code ResourceInUseException}), one minor version at a time and never down, node groups never newer than the
 * control plane ({@code InvalidParameterException}) and valid scaling. (DefaultAccountTagScopeTest: another
 * organization's session may not update a cluster.)
 */
class EksUpdatesTest {

    private static final String CLUSTER_ROLE = "arn:aws:iam::333333333333:role/RoleportEksClusterRole";
    private static final String NODE_ROLE = "arn:aws:iam::333333333333:role/RoleportEksNodeRole";

    private static CloudSimulator sim;
    private static EksClient globex;
    private static EksWaiter waiter;
    private static List<String> subnets;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = CloudSimulator.start(0, SEED);
        sim.setTransitionDelay(Duration.ofMillis(300));
        AwsCredentialsProvider session = SimClients.session(sim, SimClients.GLOBEX_AUTOMATION, SimClients.GLOBEX_EXTERNAL_ID);
        globex = SimClients.eks(sim, session);
        waiter = EksWaiter.builder().client(globex).overrideConfiguration(FAST_WAITER).build();
        try (Ec2Client ec2 = SimClients.ec2(sim, session)) {
            Map<String, String> tag = Map.of("roleport:cluster", "rp-cluster-1");
            Vpc vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(t -> t.resourceType("vpc")
                    .tags(x -> x.key("roleport:cluster").value("rp-cluster-1")))).vpc();
            subnets = List.of(
                    ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/20").availabilityZone("eu-west-1a")
                            .tagSpecifications(t -> t.resourceType("subnet").tags(x -> x.key("roleport:cluster")
                                    .value(tag.get("roleport:cluster"))))).subnet().subnetId(),
                    ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.16.0/20").availabilityZone("eu-west-1b")
                            .tagSpecifications(t -> t.resourceType("subnet").tags(x -> x.key("roleport:cluster")
                                    .value(tag.get("roleport:cluster"))))).subnet().subnetId());
            SimClients.routeThroughNat(ec2, vpc.vpcId(), subnets, tag);
        }
    }

    @AfterAll
    static void stopSimulator() {
        waiter.close();
        globex.close();
        sim.close();
    }

    /** An active cluster with an active node group "default" (1/2/3), as Roleport creates them (tagged). */
    private static void activeCluster(String name, String version) {
        globex.createCluster(r -> r.name(name).version(version).roleArn(CLUSTER_ROLE)
                .resourcesVpcConfig(v -> v.subnetIds(subnets)).tags(Map.of("roleport:cluster", "rp-cluster-1"))
                .clientRequestToken(UUID.randomUUID().toString()));
        waiter.waitUntilClusterActive(r -> r.name(name));
        globex.createNodegroup(r -> r.clusterName(name).nodegroupName("default").instanceTypes("m6i.large")
                .scalingConfig(s -> s.minSize(1).desiredSize(2).maxSize(3)).subnets(subnets).nodeRole(NODE_ROLE)
                .tags(Map.of("roleport:cluster", "rp-cluster-1")));
        waiter.waitUntilNodegroupActive(r -> r.clusterName(name).nodegroupName("default"));
    }

    private static Update awaitUpdate(String cluster, String nodegroup, String id) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> globex.describeUpdate(r -> r.name(cluster).nodegroupName(nodegroup).updateId(id)).update(),
                        u -> u.status() != UpdateStatus.IN_PROGRESS);
    }

    @Test
    void aScalingIsAnUpdateThatAppliesWhenItSucceedsAndOnlyOneRunsAtATime() {
        activeCluster("scale-me", "1.33");
        InvalidParameterException invalid = assertThrows(InvalidParameterException.class,
                () -> globex.updateNodegroupConfig(r -> r.clusterName("scale-me").nodegroupName("default")
                        .scalingConfig(s -> s.minSize(3).desiredSize(2).maxSize(4))));
        assertTrue(invalid.awsErrorDetails().errorMessage().contains("minSize 3"), invalid.getMessage());

        Update update = globex.updateNodegroupConfig(r -> r.clusterName("scale-me").nodegroupName("default")
                .scalingConfig(s -> s.minSize(0).desiredSize(4).maxSize(5))).update();
        assertEquals(UpdateStatus.IN_PROGRESS, update.status());
        assertEquals("ConfigUpdate", update.typeAsString());
        assertEquals("UPDATING", globex.describeNodegroup(r -> r.clusterName("scale-me").nodegroupName("default"))
                .nodegroup().statusAsString());
        ResourceInUseException busy = assertThrows(ResourceInUseException.class,
                () -> globex.updateClusterVersion(r -> r.name("scale-me").version("1.34")));
        assertEquals(409, busy.statusCode());

        assertEquals(UpdateStatus.SUCCESSFUL, awaitUpdate("scale-me", "default", update.id()).status());
        var scaling = globex.describeNodegroup(r -> r.clusterName("scale-me").nodegroupName("default")).nodegroup()
                .scalingConfig();
        assertEquals(List.of(0, 4, 5), List.of(scaling.minSize(), scaling.desiredSize(), scaling.maxSize()));
        assertThrows(ResourceNotFoundException.class, () -> globex.describeUpdate(r -> r.name("scale-me")
                .updateId(update.id())), "a node group's update is found only with its node group's name");
    }

    @Test
    void versionsGoUpOneMinorAtATimeControlPlaneFirst() {
        activeCluster("upgrade-me", "1.32");
        InvalidParameterException skip = assertThrows(InvalidParameterException.class,
                () -> globex.updateClusterVersion(r -> r.name("upgrade-me").version("1.34")));
        assertEquals("Unsupported Kubernetes minor version update from 1.32 to 1.34", skip.awsErrorDetails().errorMessage());
        InvalidParameterException down = assertThrows(InvalidParameterException.class,
                () -> globex.updateClusterVersion(r -> r.name("upgrade-me").version("1.31")));
        assertEquals("Unsupported Kubernetes minor version update from 1.32 to 1.31", down.awsErrorDetails().errorMessage());
        InvalidParameterException nodesFirst = assertThrows(InvalidParameterException.class,
                () -> globex.updateNodegroupVersion(r -> r.clusterName("upgrade-me").nodegroupName("default").version("1.33")));
        assertTrue(nodesFirst.awsErrorDetails().errorMessage().contains("Cluster kubernetes version 1.32"),
                nodesFirst.getMessage());
        assertThrows(InvalidParameterException.class,
                () -> globex.updateClusterVersion(r -> r.name("upgrade-me").version("1.99")), "unsupported version");

        Update controlPlane = globex.updateClusterVersion(r -> r.name("upgrade-me").version("1.33")).update();
        assertEquals("UPDATING", globex.describeCluster(r -> r.name("upgrade-me")).cluster().statusAsString());
        assertThrows(ResourceInUseException.class, () -> globex.updateNodegroupVersion(r -> r.clusterName("upgrade-me")
                .nodegroupName("default").version("1.33")), "one update at a time");
        assertEquals(UpdateStatus.SUCCESSFUL, awaitUpdate("upgrade-me", null, controlPlane.id()).status());
        assertEquals("1.33", globex.describeCluster(r -> r.name("upgrade-me")).cluster().version());
        assertEquals("1.32", globex.describeNodegroup(r -> r.clusterName("upgrade-me").nodegroupName("default"))
                .nodegroup().version(), "nodes follow only when asked");
        software.amazon.awssdk.services.eks.model.InvalidRequestException lagging = assertThrows(
                software.amazon.awssdk.services.eks.model.InvalidRequestException.class,
                () -> globex.updateClusterVersion(r -> r.name("upgrade-me").version("1.34")));
        assertEquals("Nodegroups default must be updated to match cluster version 1.33 before updating cluster version",
                lagging.awsErrorDetails().errorMessage(), "no next control plane while a node group lags");

        Update nodes = globex.updateNodegroupVersion(r -> r.clusterName("upgrade-me").nodegroupName("default")
                .version("1.33")).update();
        assertEquals(UpdateStatus.SUCCESSFUL, awaitUpdate("upgrade-me", "default", nodes.id()).status());
        assertEquals("1.33", globex.describeNodegroup(r -> r.clusterName("upgrade-me").nodegroupName("default"))
                .nodegroup().version());
        assertEquals(UpdateStatus.IN_PROGRESS, globex.updateClusterVersion(r -> r.name("upgrade-me").version("1.34"))
                .update().status(), "with every group on 1.33 the next minor may start");
    }
}
