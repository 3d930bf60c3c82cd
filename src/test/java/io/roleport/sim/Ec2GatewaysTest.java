package io.roleport.sim;

import static io.roleport.sim.SimClients.FAST_WAITER;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.Nodegroup;

/**
 * Issue #12: the simulator's internet gateways, Elastic IPs, NAT gateways and route tables refuse what EC2 refuses, and
 * EKS nodes join their cluster only from subnets that reach the internet. Each test fails when its rule is removed
 * from {@link Ec2Gateways} or {@link EksApi}. Mechanics with full access (globex); authorization with the page's own
 * policy (tailspin) and with the default account's tag-scoped one.
 */
class Ec2GatewaysTest {
    private static final String CLUSTER_ROLE = "arn:aws:iam::333333333333:role/RoleportEksClusterRole";
    private static final String NODE_ROLE = "arn:aws:iam::333333333333:role/RoleportEksNodeRole";

    private static CloudSimulator sim;
    private static AwsCredentialsProvider globex;
    private static Ec2Client ec2;

    @BeforeAll
    static void start() throws Exception {
        sim = CloudSimulator.start(0, SEED);
        sim.attachRolePolicy("333333333333", "RoleportAutomation", "arn:aws:iam::aws:policy/AdministratorAccess");
        globex = SimClients.session(sim, SimClients.GLOBEX_AUTOMATION, SimClients.GLOBEX_EXTERNAL_ID);
        ec2 = SimClients.ec2(sim, globex);
    }

    @AfterAll
    static void stop() {
        ec2.close();
        sim.close();
    }

    @BeforeEach
    void shortTransitions() {
        sim.setTransitionDelay(Duration.ofMillis(150));
    }

    private static String vpc(String cidr) {
        return ec2.createVpc(r -> r.cidrBlock(cidr)).vpc().vpcId();
    }

    private static String subnet(String vpc, String cidr, String zone) {
        return ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId();
    }

    private static String attachedGateway(String vpc) {
        String igw = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        return igw;
    }

    private static NatGateway nat(String id) {
        return ec2.describeNatGateways(r -> r.natGatewayIds(id)).natGateways().get(0);
    }

    private static void awaitNat(String id, String state) {
        await(() -> nat(id).stateAsString(), state);
    }

    private static <T> void await(Supplier<T> actual, T wanted) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(actual::get,
                wanted::equals);
    }

    private static void assertEc2Error(String code, String message, Ec2Exception e) {
        assertEquals(400, e.statusCode());
        assertEquals(code, e.awsErrorDetails().errorCode());
        assertEquals(message, e.awsErrorDetails().errorMessage());
    }

    @Test
    void anInternetGatewayServesOneVpcAndGoesOnlyOnceDetached() {
        String vpc = vpc("10.10.0.0/16");
        String other = vpc("10.11.0.0/16");
        String igw = attachedGateway(vpc);

        assertEc2Error("Resource.AlreadyAssociated", "resource " + igw + " is already attached to network " + vpc,
                assertThrows(Ec2Exception.class, () -> ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(other))));
        assertEc2Error("DependencyViolation", "The internetGateway '" + igw + "' has dependencies and cannot be deleted.",
                assertThrows(Ec2Exception.class, () -> ec2.deleteInternetGateway(r -> r.internetGatewayId(igw))));
        assertEc2Error("DependencyViolation", "The vpc '" + vpc + "' has dependencies and cannot be deleted.",
                assertThrows(Ec2Exception.class, () -> ec2.deleteVpc(r -> r.vpcId(vpc))));

        ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        ec2.deleteInternetGateway(r -> r.internetGatewayId(igw));
        ec2.deleteVpc(r -> r.vpcId(vpc));
        assertEquals(List.of(), ec2.describeInternetGateways(r -> r.filters(f -> f.name("internet-gateway-id").values(igw)))
                .internetGateways());
    }

    @Test
    void aNatGatewayHoldsItsAddressSubnetAndGatewayUntilItIsDeleted() {
        String vpc = vpc("10.20.0.0/16");
        String subnet = subnet(vpc, "10.20.0.0/24", "eu-west-1a");
        String igw = attachedGateway(vpc);
        var eip = ec2.allocateAddress(r -> r.domain("vpc"));
        NatGateway created = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(eip.allocationId())
                .clientToken("nat-token-1")).natGateway();

        assertEquals("pending", created.stateAsString());
        assertEquals(created.natGatewayId(), ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(eip.allocationId())
                .clientToken("nat-token-1")).natGateway().natGatewayId(), "the client token makes a retry idempotent");
        assertEc2Error("Resource.AlreadyAssociated", "Elastic IP address [" + eip.allocationId() + "] is already associated",
                assertThrows(Ec2Exception.class, () -> ec2.createNatGateway(r -> r.subnetId(subnet)
                        .allocationId(eip.allocationId()))));
        assertEc2Error("InvalidIPAddress.InUse", "Address " + eip.publicIp() + " is in use.",
                assertThrows(Ec2Exception.class, () -> ec2.releaseAddress(r -> r.allocationId(eip.allocationId()))));
        awaitNat(created.natGatewayId(), "available");
        assertEquals(eip.publicIp(), nat(created.natGatewayId()).natGatewayAddresses().get(0).publicIp());
        assertEc2Error("DependencyViolation", "Network " + vpc + " has some mapped public address(es). Please unmap those"
                + " public address(es) before detaching the gateway.", assertThrows(Ec2Exception.class,
                        () -> ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc))));
        assertEc2Error("DependencyViolation", "The subnet '" + subnet + "' has dependencies and cannot be deleted.",
                assertThrows(Ec2Exception.class, () -> ec2.deleteSubnet(r -> r.subnetId(subnet))));

        ec2.deleteNatGateway(r -> r.natGatewayId(created.natGatewayId()));
        assertEquals("deleting", nat(created.natGatewayId()).stateAsString());
        assertThrows(Ec2Exception.class, () -> ec2.releaseAddress(r -> r.allocationId(eip.allocationId())),
                "still in use while the NAT gateway is deleting");
        awaitNat(created.natGatewayId(), "deleted");
        assertTrue(ec2.describeNatGateways(r -> r.filter(f -> f.name("state").values("deleted"))).natGateways().stream()
                .anyMatch(n -> n.natGatewayId().equals(created.natGatewayId())), "deleted NAT gateways stay visible");
        ec2.releaseAddress(r -> r.allocationId(eip.allocationId()));
        ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        ec2.deleteSubnet(r -> r.subnetId(subnet));
    }

    @Test
    void aNatGatewayInAVpcWithoutAnAttachedInternetGatewayFails() {
        String vpc = vpc("10.30.0.0/16");
        String subnet = subnet(vpc, "10.30.0.0/24", "eu-west-1a");
        var eip = ec2.allocateAddress(r -> r.domain("vpc"));
        String id = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(eip.allocationId())).natGateway().natGatewayId();

        awaitNat(id, "failed");
        assertEquals("Gateway.NotAttached", nat(id).failureCode());
        assertEquals("Network " + vpc + " has no Internet gateway attached", nat(id).failureMessage());
        ec2.releaseAddress(r -> r.allocationId(eip.allocationId()));
    }

    @Test
    void routeTablesTakeOneRoutePerDestinationAndOneTablePerSubnet() {
        String vpc = vpc("10.40.0.0/16");
        String subnet = subnet(vpc, "10.40.0.0/24", "eu-west-1a");
        String igw = attachedGateway(vpc);
        String foreignIgw = attachedGateway(vpc("10.41.0.0/16"));
        String rtb = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        String second = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(rtb).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));

        assertEc2Error("RouteAlreadyExists", "The route identified by 0.0.0.0/0 already exists.", assertThrows(
                Ec2Exception.class, () -> ec2.createRoute(r -> r.routeTableId(rtb).destinationCidrBlock("0.0.0.0/0").gatewayId(igw))));
        assertEc2Error("InvalidParameterValue", "route table " + second + " and network gateway " + foreignIgw
                + " belong to different networks", assertThrows(Ec2Exception.class, () -> ec2.createRoute(r -> r
                        .routeTableId(second).destinationCidrBlock("0.0.0.0/0").gatewayId(foreignIgw))));
        String association = ec2.associateRouteTable(r -> r.routeTableId(rtb).subnetId(subnet)).associationId();
        assertEc2Error("Resource.AlreadyAssociated", "the specified association for route table " + second
                + " conflicts with an existing association", assertThrows(Ec2Exception.class,
                        () -> ec2.associateRouteTable(r -> r.routeTableId(second).subnetId(subnet))));
        assertEc2Error("DependencyViolation", "The routeTable '" + rtb + "' has dependencies and cannot be deleted.",
                assertThrows(Ec2Exception.class, () -> ec2.deleteRouteTable(r -> r.routeTableId(rtb))));
        RouteTable main = ec2.describeRouteTables(r -> r.filters(f -> f.name("vpc-id").values(vpc),
                f -> f.name("association.main").values("true"))).routeTables().get(0);
        assertThrows(Ec2Exception.class, () -> ec2.deleteRouteTable(r -> r.routeTableId(main.routeTableId())),
                "the main route table goes only with its VPC");

        ec2.disassociateRouteTable(r -> r.associationId(association));
        ec2.deleteRouteTable(r -> r.routeTableId(rtb));
        ec2.deleteSubnet(r -> r.subnetId(subnet));
        assertEc2Error("DependencyViolation", "The vpc '" + vpc + "' has dependencies and cannot be deleted.",
                assertThrows(Ec2Exception.class, () -> ec2.deleteVpc(r -> r.vpcId(vpc))));
    }

    @Test
    void nodesJoinOnlyFromSubnetsThatReachTheInternet() {
        sim.setTransitionDelay(Duration.ofMillis(100));
        String vpc = vpc("10.50.0.0/16");
        String publicA = subnet(vpc, "10.50.0.0/24", "eu-west-1a");
        String privateA = subnet(vpc, "10.50.128.0/24", "eu-west-1a");
        String privateB = subnet(vpc, "10.50.129.0/24", "eu-west-1b");
        String isolated = subnet(vpc, "10.50.130.0/24", "eu-west-1b");
        String igw = attachedGateway(vpc);
        String publicRoutes = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(publicRoutes).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.associateRouteTable(r -> r.routeTableId(publicRoutes).subnetId(publicA));
        var eip = ec2.allocateAddress(r -> r.domain("vpc"));
        String nat = ec2.createNatGateway(r -> r.subnetId(publicA).allocationId(eip.allocationId())).natGateway().natGatewayId();
        awaitNat(nat, "available");
        String privateRoutes = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(privateRoutes).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
        ec2.associateRouteTable(r -> r.routeTableId(privateRoutes).subnetId(privateA));
        ec2.associateRouteTable(r -> r.routeTableId(privateRoutes).subnetId(privateB));

        try (EksClient eks = SimClients.eks(sim, globex)) {
            InvalidParameterException oneZone = assertThrows(InvalidParameterException.class, () -> eks.createCluster(r -> r
                    .name("one-zone").roleArn(CLUSTER_ROLE).resourcesVpcConfig(v -> v.subnetIds(publicA, privateA))));
            assertEquals("Subnets specified must be in at least two different AZs", oneZone.awsErrorDetails().errorMessage());
            eks.createCluster(r -> r.name("routed").roleArn(CLUSTER_ROLE).resourcesVpcConfig(v -> v.subnetIds(privateA, privateB)));
            eks.waiter().waitUntilClusterActive(software.amazon.awssdk.services.eks.model.DescribeClusterRequest.builder().name("routed").build(), FAST_WAITER);

            eks.createNodegroup(r -> r.clusterName("routed").nodegroupName("private").nodeRole(NODE_ROLE)
                    .subnets(privateA, privateB));
            eks.createNodegroup(r -> r.clusterName("routed").nodegroupName("isolated").nodeRole(NODE_ROLE)
                    .subnets(privateA, isolated));
            eks.createNodegroup(r -> r.clusterName("routed").nodegroupName("no-public-ip").nodeRole(NODE_ROLE)
                    .subnets(publicA));
            await(() -> status(eks, "private"), "ACTIVE");
            await(() -> status(eks, "isolated"), "CREATE_FAILED");
            await(() -> status(eks, "no-public-ip"), "CREATE_FAILED");

            Nodegroup failed = eks.describeNodegroup(r -> r.clusterName("routed").nodegroupName("isolated")).nodegroup();
            assertEquals("NodeCreationFailure", failed.health().issues().get(0).codeAsString());
            assertEquals("Instances failed to join the kubernetes cluster", failed.health().issues().get(0).message());
            assertFalse(failed.health().issues().get(0).resourceIds().isEmpty());
            assertTrue(eks.describeNodegroup(r -> r.clusterName("routed").nodegroupName("private")).nodegroup().health()
                    .issues().isEmpty());

            ec2.modifySubnetAttribute(r -> r.subnetId(publicA).mapPublicIpOnLaunch(v -> v.value(true)));
            eks.createNodegroup(r -> r.clusterName("routed").nodegroupName("public").nodeRole(NODE_ROLE).subnets(publicA));
            await(() -> status(eks, "public"), "ACTIVE");
        }
    }

    private static String status(EksClient eks, String nodegroup) {
        return eks.describeNodegroup(r -> r.clusterName("routed").nodegroupName(nodegroup)).nodegroup().statusAsString();
    }

    /** The page's policy (tailspin) lets the automation role create gateways only when tagged as Roleport's. */
    @Test
    void thePagesPolicyAllowsGatewaysOnlyWithRoleportsTag() {
        AwsCredentialsProvider tailspin = SimClients.session(sim, SimClients.TAILSPIN_AUTOMATION,
                SimClients.TAILSPIN_EXTERNAL_ID);
        try (Ec2Client own = SimClients.ec2(sim, tailspin)) {
            Ec2Exception untagged = assertThrows(Ec2Exception.class, () -> own.createInternetGateway(r -> { }));
            assertEquals("UnauthorizedOperation", untagged.awsErrorDetails().errorCode());
            assertEquals(403, untagged.statusCode());
            Ec2Exception address = assertThrows(Ec2Exception.class, () -> own.allocateAddress(r -> r.domain("vpc")));
            assertEquals("UnauthorizedOperation", address.awsErrorDetails().errorCode());

            String igw = own.createInternetGateway(r -> r.tagSpecifications(roleport(ResourceType.INTERNET_GATEWAY)))
                    .internetGateway().internetGatewayId();
            own.deleteInternetGateway(r -> r.internetGatewayId(igw));
        }
    }

    /** The default account: one organization's session cannot release, detach or reroute another's network. */
    @Test
    void inTheDefaultAccountAnotherOrganizationsGatewaysAreOutOfReach() {
        AwsCredentialsProvider acme = SimClients.session(sim, DefaultAccountTagScopeTest.DEFAULT_ROLE,
                DefaultAccountTagScopeTest.DEFAULT_EXTERNAL_ID, "alice", Map.of("roleport-org", "acme"));
        AwsCredentialsProvider other = SimClients.session(sim, DefaultAccountTagScopeTest.DEFAULT_ROLE,
                DefaultAccountTagScopeTest.DEFAULT_EXTERNAL_ID, "gus", Map.of("roleport-org", "globex"));
        try (Ec2Client acmeEc2 = SimClients.ec2(sim, acme); Ec2Client otherEc2 = SimClients.ec2(sim, other)) {
            String vpc = acmeEc2.createVpc(r -> r.cidrBlock("10.60.0.0/16").tagSpecifications(org(ResourceType.VPC, "acme")))
                    .vpc().vpcId();
            String igw = acmeEc2.createInternetGateway(r -> r.tagSpecifications(org(ResourceType.INTERNET_GATEWAY, "acme")))
                    .internetGateway().internetGatewayId();
            acmeEc2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
            String eip = acmeEc2.allocateAddress(r -> r.domain("vpc").tagSpecifications(org(ResourceType.ELASTIC_IP, "acme")))
                    .allocationId();
            String rtb = acmeEc2.createRouteTable(r -> r.vpcId(vpc).tagSpecifications(org(ResourceType.ROUTE_TABLE, "acme")))
                    .routeTable().routeTableId();

            for (Runnable attempt : List.<Runnable>of(
                    () -> otherEc2.releaseAddress(r -> r.allocationId(eip)),
                    () -> otherEc2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc)),
                    () -> otherEc2.createRoute(r -> r.routeTableId(rtb).destinationCidrBlock("0.0.0.0/0").gatewayId(igw)),
                    () -> otherEc2.deleteRouteTable(r -> r.routeTableId(rtb)),
                    () -> otherEc2.createRouteTable(r -> r.vpcId(vpc).tagSpecifications(org(ResourceType.ROUTE_TABLE, "globex"))))) {
                Ec2Exception e = assertThrows(Ec2Exception.class, attempt::run);
                assertEquals("UnauthorizedOperation", e.awsErrorDetails().errorCode());
            }
            acmeEc2.createRoute(r -> r.routeTableId(rtb).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
            acmeEc2.releaseAddress(r -> r.allocationId(eip));
        }
    }

    private static TagSpecification roleport(ResourceType type) {
        return TagSpecification.builder().resourceType(type)
                .tags(Tag.builder().key("roleport:cluster").value("rp-cluster-1").build()).build();
    }

    private static TagSpecification org(ResourceType type, String org) {
        return TagSpecification.builder().resourceType(type).tags(Tag.builder().key("roleport:org").value(org).build()).build();
    }
}
