package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #12: the existing-VPC fields of the create-cluster form, as the domain reads them. */
class ExistingNetworkTest {

  @Test
  void idsAreReadAsTypedWithCommasOrSpacesAndDuplicatesOnce() {
    ExistingNetwork n = ExistingNetwork.of(" vpc-0a1b2c3d4e5f60718 ",
        "subnet-0a1b2c3d4e5f60718, subnet-1a2b3c4d  subnet-0a1b2c3d4e5f60718");

    assertEquals("vpc-0a1b2c3d4e5f60718", n.vpcId());
    assertEquals(List.of("subnet-0a1b2c3d4e5f60718", "subnet-1a2b3c4d"), n.subnetIds());
  }

  @Test
  void everyProblemOfWhatWasTypedIsNamedAtOnce() {
    List<DomainException> refused = ExistingNetwork.refusals("vpc-XYZ", "subnet-0a1b2c3d, sub-1, subnet-");

    assertEquals(List.of("cluster.network.vpcId.invalid", "cluster.network.subnetId.invalid"),
        refused.stream().map(DomainException::key).toList());
    assertEquals("sub-1, subnet-", refused.get(1).args()[0]);
    assertEquals(List.of("cluster.network.vpcId.missing", "cluster.network.subnets.count"),
        ExistingNetwork.refusals("  ", "subnet-0a1b2c3d").stream().map(DomainException::key).toList());
    assertEquals(List.of("cluster.network.subnets.count"),
        ExistingNetwork.refusals("vpc-0a1b2c3d", "").stream().map(DomainException::key).toList());
  }

  @Test
  void onlyAClusterInTheOrganizationsOwnAwsAccountMayUseOne() {
    Organization org = new Organization(new Slug("acme"), "Acme", OrgKind.TEAM, null,
        new ExternalId("rp-0123456789abcdef0123456789abcdef"), java.time.Instant.now());
    ClusterSpec spec = new ClusterSpec(new ClusterName("web"), "eu-west-1", "1.33", "m6i.large", 2);
    ExistingNetwork network = ExistingNetwork.of("vpc-0a1b2c3d", "subnet-0a1b2c3d subnet-1a2b3c4d");
    Cluster inDefault = new Cluster(org, spec, new AwsAccountId("222222222222"), PlacementKind.DEFAULT_ACCOUNT, "alice",
        java.time.Instant.now());
    Cluster inOwn = new Cluster(org, spec, new AwsAccountId("444444444444"), PlacementKind.ORG_ACCOUNT, "alice",
        java.time.Instant.now());

    assertEquals("cluster.network.onlyOwnAccount",
        assertThrows(DomainException.class, () -> inDefault.useExistingNetwork(network)).key());
    inOwn.useExistingNetwork(network);
    assertEquals(network, inOwn.existingNetwork().orElseThrow());
    assertTrue(inDefault.existingNetwork().isEmpty());
  }

  @Test
  void aNetworkThatBreaksARuleCannotBeMade() {
    DomainException e = assertThrows(DomainException.class,
        () -> new ExistingNetwork("vpc-0a1b2c3d", List.of("subnet-0a1b2c3d")));

    assertEquals("cluster.network.subnets.count", e.key());
  }
}
