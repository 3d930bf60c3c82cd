package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
  void aNetworkThatBreaksARuleCannotBeMade() {
    DomainException e = assertThrows(DomainException.class,
        () -> new ExistingNetwork("vpc-0a1b2c3d", List.of("subnet-0a1b2c3d")));

    assertEquals("cluster.network.subnets.count", e.key());
  }
}
