package io.roleport.sim;

import static io.roleport.sim.SimClients.FAST_WAITER;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ClusterStatus;
import software.amazon.awssdk.services.eks.model.CreateClusterRequest;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.InvalidRequestException;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.NodegroupStatus;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.waiters.EksWaiter;

/** EKS through the real SDK and its waiters: lifecycle, idempotency, validation and account isolation. */
class EksClusterTest {

    private static final String CLUSTER_ROLE = "arn:aws:iam::333333333333:role/RoleportEksClusterRole";
    private static final String NODE_ROLE = "arn:aws:iam::333333333333:role/RoleportEksNodeRole";

    private static CloudSimulator sim;
    private static EksClient globex;
    private static EksClient tailspin;
    private static EksWaiter waiter;
    private static List<String> globexSubnets;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = CloudSimulator.start(0, SEED);
        // This class tests the service's mechanics, not permissions (PermissionContractTest does): full access.
        sim.attachRolePolicy("333333333333", "RoleportAutomation", "arn:aws:iam::aws:policy/AdministratorAccess");
        sim.attachRolePolicy("555555555555", "RoleportAutomation", "arn:aws:iam::aws:policy/AdministratorAccess");
        AwsCredentialsProvider globexSession = SimClients.session(sim, SimClients.GLOBEX_AUTOMATION, SimClients.GLOBEX_EXTERNAL_ID);
        globex = SimClients.eks(sim, globexSession);
        tailspin = SimClients.eks(sim, SimClients.session(sim, SimClients.TAILSPIN_AUTOMATION, SimClients.TAILSPIN_EXTERNAL_ID));
        waiter = EksWaiter.builder().client(globex).overrideConfiguration(FAST_WAITER).build();
        try (Ec2Client ec2 = SimClients.ec2(sim, globexSession)) {
            Vpc vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc();
            globexSubnets = List.of(
                    ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/20").availabilityZone("eu-west-1a")).subnet().subnetId(),
                    ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.16.0/20").availabilityZone("eu-west-1b")).subnet().subnetId());
            SimClients.routeToInternet(ec2, vpc.vpcId(), globexSubnets);
        }
    }

    @AfterAll
    static void stopSimulator() {
        waiter.close();
        globex.close();
        tailspin.close();
        sim.close();
    }

    @BeforeEach
    void shortTransitions() {
        sim.setTransitionDelay(Duration.ofMillis(200));
    }

    private static CreateClusterRequest cluster(String name, String token) {
        return CreateClusterRequest.builder().name(name).roleArn(CLUSTER_ROLE).clientRequestToken(token)
                .resourcesVpcConfig(v -> v.subnetIds(globexSubnets)).tags(java.util.Map.of("roleport:org", "globex")).build();
    }

    @Test
    void clusterGoesActiveTakesANodegroupAndIsDeletedAfterIt() {
        Cluster created = globex.createCluster(cluster("orders", UUID.randomUUID().toString())).cluster();

        assertEquals(ClusterStatus.CREATING, created.status());
        assertEquals("arn:aws:eks:eu-west-1:333333333333:cluster/orders", created.arn());
        assertEquals("1.33", created.version());
        assertTrue(Duration.between(created.createdAt(), Instant.now()).abs().toSeconds() < 5);
        Cluster active = waiter.waitUntilClusterActive(r -> r.name("orders")).matched().response().orElseThrow().cluster();
        assertEquals(ClusterStatus.ACTIVE, active.status());
        assertNotNull(active.endpoint());
        assertNotNull(active.certificateAuthority().data());

        Nodegroup ng = globex.createNodegroup(r -> r.clusterName("orders").nodegroupName("default")
                .scalingConfig(s -> s.minSize(1).maxSize(3).desiredSize(2)).instanceTypes("t3.large")
                .subnets(globexSubnets).nodeRole(NODE_ROLE)).nodegroup();
        assertEquals(NodegroupStatus.CREATING, ng.status());
        waiter.waitUntilNodegroupActive(r -> r.clusterName("orders").nodegroupName("default"));
        assertEquals(List.of("default"), globex.listNodegroups(r -> r.clusterName("orders")).nodegroups());

        assertThrows(ResourceInUseException.class, () -> globex.deleteCluster(r -> r.name("orders")));
        globex.deleteNodegroup(r -> r.clusterName("orders").nodegroupName("default"));
        waiter.waitUntilNodegroupDeleted(r -> r.clusterName("orders").nodegroupName("default"));
        assertEquals(ClusterStatus.DELETING, globex.deleteCluster(r -> r.name("orders")).cluster().status());
        waiter.waitUntilClusterDeleted(r -> r.name("orders"));
        assertThrows(ResourceNotFoundException.class, () -> globex.describeCluster(r -> r.name("orders")));
    }

    @Test
    void sameClientRequestTokenTwiceCreatesOneCluster() {
        String token = UUID.randomUUID().toString();
        long before = sim.journal().count("eks", "CreateCluster", "333333333333");

        Cluster first = globex.createCluster(cluster("idempotent", token)).cluster();
        Cluster second = globex.createCluster(cluster("idempotent", token)).cluster();

        assertEquals(first.arn(), second.arn());
        assertEquals(first.createdAt(), second.createdAt());
        assertEquals(2, sim.journal().count("eks", "CreateCluster", "333333333333") - before);
        assertEquals(1, globex.listClusters().clusters().stream().filter("idempotent"::equals).count());
    }

    @Test
    void sameClientRequestTokenWithOtherParametersIsAnInvalidRequest() {
        String token = UUID.randomUUID().toString();
        globex.createCluster(cluster("token-reuse", token));

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> globex.createCluster(
                cluster("token-reuse", token).toBuilder().version("1.32").build()));

        assertEquals(400, e.statusCode());
        assertEquals("InvalidRequestException", e.awsErrorDetails().errorCode());
        assertThrows(InvalidRequestException.class, () -> globex.createCluster(cluster("token-reuse-other-name", token)));
        assertEquals(2, sim.journal().count("eks", "CreateCluster", "333333333333", "token-reuse"));
    }

    @Test
    void clusterTagsAreReadBackByArn() {
        String arn = globex.createCluster(cluster("tagged", UUID.randomUUID().toString())).cluster().arn();

        assertEquals(java.util.Map.of("roleport:org", "globex"), globex.listTagsForResource(r -> r.resourceArn(arn)).tags());
        assertThrows(software.amazon.awssdk.services.eks.model.NotFoundException.class,
                () -> tailspin.listTagsForResource(r -> r.resourceArn(arn)));
    }

    @Test
    void listingWithQueryParametersIsSignedAndAnswered() {
        globex.createCluster(cluster("listed", UUID.randomUUID().toString()));

        List<String> names = globex.listClusters(r -> r.maxResults(50).include("all")).clusters();

        assertTrue(names.contains("listed"), names.toString());
    }

    @Test
    void concurrentRetriesWithOneTokenStillCreateOneCluster() throws Exception {
        String token = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> arns = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                arns.add(pool.submit(() -> globex.createCluster(cluster("raced", token)).cluster().arn()));
            }

            Set<String> distinct = new HashSet<>();
            for (Future<String> arn : arns) {
                distinct.add(arn.get(10, TimeUnit.SECONDS));
            }

            assertEquals(Set.of("arn:aws:eks:eu-west-1:333333333333:cluster/raced"), distinct);
            assertEquals(1, globex.listClusters().clusters().stream().filter("raced"::equals).count());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sameNameWithAnotherTokenIsResourceInUse() {
        globex.createCluster(cluster("taken", UUID.randomUUID().toString()));

        EksException e = assertThrows(EksException.class,
                () -> globex.createCluster(cluster("taken", UUID.randomUUID().toString())));
        assertEquals("ResourceInUseException", e.awsErrorDetails().errorCode());
        assertEquals(409, e.statusCode());
    }

    @Test
    void clusterOfOneAccountIsInvisibleToAnother() {
        globex.createCluster(cluster("globex-only", UUID.randomUUID().toString()));

        EksException e = assertThrows(EksException.class, () -> tailspin.describeCluster(r -> r.name("globex-only")));

        assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
        assertTrue(tailspin.listClusters().clusters().isEmpty());
    }

    @Test
    void subnetsOfAnotherAccountAreInvalidParameters() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> tailspin.createCluster(r -> r
                .name("borrowed").roleArn("arn:aws:iam::555555555555:role/RoleportAutomation")
                .resourcesVpcConfig(v -> v.subnetIds(globexSubnets))));

        assertEquals(400, e.statusCode());
    }

    @Test
    void roleOfAnotherAccountIsAnInvalidParameter() {
        EksException e = assertThrows(EksException.class, () -> tailspin.createCluster(r -> r
                .name("wrong-role").roleArn(CLUSTER_ROLE).resourcesVpcConfig(v -> v.subnetIds("subnet-0123456789abcdef0"))));

        assertEquals("InvalidParameterException", e.awsErrorDetails().errorCode());
    }

    @Test
    void nodegroupNeedsAnActiveCluster() {
        sim.setTransitionDelay(Duration.ofMinutes(5));
        globex.createCluster(cluster("still-creating", UUID.randomUUID().toString()));

        EksException e = assertThrows(EksException.class, () -> globex.createNodegroup(r -> r.clusterName("still-creating")
                .nodegroupName("ng").subnets(globexSubnets).nodeRole(NODE_ROLE)
                .scalingConfig(s -> s.minSize(1).maxSize(1).desiredSize(1))));

        assertEquals("ResourceInUseException", e.awsErrorDetails().errorCode());
        assertEquals(409, e.statusCode());
        assertNull(globex.describeCluster(r -> r.name("still-creating")).cluster().endpoint());
    }

    /**
     * Node groups added and removed (issue #15): a second name in use is refused whatever the token, deleting a group
     * that is not there is ResourceNotFoundException, and the cluster cannot be deleted while any group is left.
     */
    @Test
    void aClusterTakesSeveralNodegroupsRefusesANameTwiceAndIsDeletedOnlyWithoutAny() {
        globex.createCluster(cluster("multi", UUID.randomUUID().toString()));
        waiter.waitUntilClusterActive(r -> r.name("multi"));
        for (String name : List.of("default", "batch")) {
            globex.createNodegroup(r -> r.clusterName("multi").nodegroupName(name).subnets(globexSubnets)
                    .nodeRole(NODE_ROLE).scalingConfig(sc -> sc.minSize(0).maxSize(2).desiredSize(1))
                    .clientRequestToken(UUID.randomUUID().toString()));
        }
        waiter.waitUntilNodegroupActive(r -> r.clusterName("multi").nodegroupName("batch"));

        ResourceInUseException taken = assertThrows(ResourceInUseException.class, () -> globex.createNodegroup(r -> r
                .clusterName("multi").nodegroupName("batch").subnets(globexSubnets).nodeRole(NODE_ROLE)
                .scalingConfig(sc -> sc.minSize(1).maxSize(1).desiredSize(1))
                .clientRequestToken(UUID.randomUUID().toString())));
        assertEquals(409, taken.statusCode());
        assertTrue(taken.awsErrorDetails().errorMessage().contains("NodeGroup already exists with name batch"),
                taken.awsErrorDetails().errorMessage());
        ResourceNotFoundException unknown = assertThrows(ResourceNotFoundException.class,
                () -> globex.deleteNodegroup(r -> r.clusterName("multi").nodegroupName("nope")));
        assertEquals(404, unknown.statusCode());

        globex.deleteNodegroup(r -> r.clusterName("multi").nodegroupName("default"));
        waiter.waitUntilNodegroupDeleted(r -> r.clusterName("multi").nodegroupName("default"));
        ResourceInUseException inUse = assertThrows(ResourceInUseException.class,
                () -> globex.deleteCluster(r -> r.name("multi")));
        assertEquals("ResourceInUseException", inUse.awsErrorDetails().errorCode());
        assertEquals(List.of("batch"), globex.listNodegroups(r -> r.clusterName("multi")).nodegroups());

        globex.deleteNodegroup(r -> r.clusterName("multi").nodegroupName("batch"));
        waiter.waitUntilNodegroupDeleted(r -> r.clusterName("multi").nodegroupName("batch"));
        assertEquals(ClusterStatus.DELETING, globex.deleteCluster(r -> r.name("multi")).cluster().status());
    }
}
