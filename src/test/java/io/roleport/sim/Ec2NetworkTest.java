package io.roleport.sim;

import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** EC2 networking through the real SDK: VPCs, subnets, tag filters, dependencies and account isolation. */
class Ec2NetworkTest {

    private static CloudSimulator sim;
    private static Ec2Client globex;
    private static Ec2Client tailspin;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = CloudSimulator.start(0, SEED);
        // This class tests the service's mechanics, not permissions (PermissionContractTest does): full access.
        sim.attachRolePolicy("333333333333", "RoleportAutomation", "arn:aws:iam::aws:policy/AdministratorAccess");
        sim.attachRolePolicy("555555555555", "RoleportAutomation", "arn:aws:iam::aws:policy/AdministratorAccess");
        globex = SimClients.ec2(sim, SimClients.session(sim, SimClients.GLOBEX_AUTOMATION, SimClients.GLOBEX_EXTERNAL_ID));
        tailspin = SimClients.ec2(sim, SimClients.session(sim, SimClients.TAILSPIN_AUTOMATION, SimClients.TAILSPIN_EXTERNAL_ID));
    }

    @AfterAll
    static void stopSimulator() {
        globex.close();
        tailspin.close();
        sim.close();
    }

    private static TagSpecification tags(ResourceType type, String cluster) {
        return TagSpecification.builder().resourceType(type)
                .tags(Tag.builder().key("roleport:cluster").value(cluster).build()).build();
    }

    private static Vpc vpc(Ec2Client ec2, String cluster) {
        return ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(tags(ResourceType.VPC, cluster))).vpc();
    }

    @Test
    void vpcAndSubnetsAreFoundAgainByTheirTags() {
        Vpc vpc = vpc(globex, "orders");
        Subnet a = globex.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/20").availabilityZone("eu-west-1a")
                .tagSpecifications(tags(ResourceType.SUBNET, "orders"))).subnet();
        Subnet b = globex.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.16.0/20").availabilityZone("eu-west-1b")
                .tagSpecifications(tags(ResourceType.SUBNET, "orders"))).subnet();

        List<Vpc> vpcs = globex.describeVpcs(r -> r.filters(Filter.builder().name("tag:roleport:cluster").values("orders").build())).vpcs();
        List<Subnet> subnets = globex.describeSubnets(r -> r.filters(
                Filter.builder().name("vpc-id").values(vpc.vpcId()).build(),
                Filter.builder().name("tag:roleport:cluster").values("orders").build())).subnets();

        assertTrue(vpc.vpcId().startsWith("vpc-"));
        assertEquals(List.of(vpc.vpcId()), vpcs.stream().map(Vpc::vpcId).toList());
        assertEquals("10.0.0.0/16", vpcs.get(0).cidrBlock());
        assertEquals("333333333333", vpcs.get(0).ownerId());
        assertEquals(List.of(a.subnetId(), b.subnetId()), subnets.stream().map(Subnet::subnetId).toList());
        assertEquals("eu-west-1b", subnets.get(1).availabilityZone());
        assertEquals("orders", subnets.get(0).tags().get(0).value());
    }

    @Test
    void createTagsAddsTagsThatFiltersSee() {
        Vpc vpc = globex.createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc();

        globex.createTags(r -> r.resources(vpc.vpcId()).tags(Tag.builder().key("team").value("payments").build()));

        List<Vpc> found = globex.describeVpcs(r -> r.filters(Filter.builder().name("tag:team").values("payments").build())).vpcs();
        assertEquals(List.of(vpc.vpcId()), found.stream().map(Vpc::vpcId).toList());
    }

    @Test
    void vpcWithSubnetsCannotBeDeletedUntilTheSubnetsAre() {
        Vpc vpc = vpc(globex, "to-delete");
        Subnet subnet = globex.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/24").availabilityZone("eu-west-1c")).subnet();

        Ec2Exception e = assertThrows(Ec2Exception.class, () -> globex.deleteVpc(r -> r.vpcId(vpc.vpcId())));
        assertEquals("DependencyViolation", e.awsErrorDetails().errorCode());

        globex.deleteSubnet(r -> r.subnetId(subnet.subnetId()));
        globex.deleteVpc(r -> r.vpcId(vpc.vpcId()));
        Ec2Exception gone = assertThrows(Ec2Exception.class, () -> globex.describeVpcs(r -> r.vpcIds(vpc.vpcId())));
        assertEquals("InvalidVpcID.NotFound", gone.awsErrorDetails().errorCode());
    }

    @Test
    void subnetOutsideItsVpcRangeIsRefused() {
        Vpc vpc = vpc(globex, "range");

        Ec2Exception e = assertThrows(Ec2Exception.class,
                () -> globex.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("192.168.0.0/24")));
        assertEquals("InvalidSubnet.Range", e.awsErrorDetails().errorCode());
    }

    @Test
    void anotherAccountSeesNoneOfTheVpcs() {
        Vpc vpc = vpc(globex, "private");

        List<Vpc> seen = tailspin.describeVpcs(r -> r.filters(Filter.builder().name("tag:roleport:cluster").values("private").build())).vpcs();
        Ec2Exception e = assertThrows(Ec2Exception.class, () -> tailspin.describeVpcs(r -> r.vpcIds(vpc.vpcId())));

        assertTrue(seen.isEmpty());
        assertEquals("InvalidVpcID.NotFound", e.awsErrorDetails().errorCode());
    }

    @Test
    void regionHasThreeAvailabilityZones() {
        List<AvailabilityZone> zones = globex.describeAvailabilityZones().availabilityZones();

        assertEquals(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"), zones.stream().map(AvailabilityZone::zoneName).toList());
    }
}
