package io.roleport.application.clusters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue #11: what Roleport recognises as a cluster's own resource, and how it refuses another owner's. */
class ResourceOwnerTest {
  private final ResourceOwner owner = new ResourceOwner("rp-cluster-7", "acme-prod", 3);

  @Test
  void itsOwnTagsAreRecognisedOnBothClouds() {
    assertTrue(owner.ownsAws(owner.awsTags("alice")));
    assertTrue(owner.ownsAzure(owner.azureTags("eu")));
    assertEquals("3", owner.awsTags("alice").get("roleport:org-id"));
  }

  @Test
  void resourcesTaggedBeforeTheOrganizationIdWasTaggedAreStillOurs() {
    assertTrue(owner.ownsAws(Map.of("roleport:cluster", "rp-cluster-7", "roleport:org", "acme-prod")));
    assertTrue(owner.ownsAzure(Map.of("roleport-cluster", "rp-cluster-7", "roleport-org", "acme-prod")));
  }

  @Test
  void anotherOrganizationsOrAnotherClustersOrAnUntaggedResourceIsNot() {
    assertFalse(owner.ownsAws(Map.of("roleport:cluster", "rp-cluster-7", "roleport:org", "acme")));
    assertFalse(owner.ownsAws(Map.of("roleport:cluster", "rp-cluster-8", "roleport:org", "acme-prod")));
    assertFalse(owner.ownsAws(Map.of("roleport:cluster", "rp-cluster-7", "roleport:org", "acme-prod",
        "roleport:org-id", "4")), "same slug and key from another installation: the org id differs");
    assertFalse(owner.ownsAws(Map.of()));
    assertFalse(owner.ownsAws(null));
    assertFalse(owner.ownsAzure(Map.of("roleport-cluster", "rp-cluster-7", "roleport-org", "acme")));
    assertFalse(owner.ownsAzure(null));
  }

  @Test
  void azureTagNamesAreCaseInsensitive() {
    assertTrue(owner.ownsAzure(Map.of("Roleport-Cluster", "rp-cluster-7", "ROLEPORT-ORG", "acme-prod")));
  }

  @Test
  void theRefusalIsFinalAndSaysWhatToDoWithoutNamingTheOtherOwner() {
    CloudException refused = ResourceOwner.notOwned("EKS cluster", "rp-9_eu");

    assertEquals("NotOwned", refused.code());
    assertFalse(refused.retryable());
    assertTrue(refused.getMessage().startsWith("EKS cluster rp-9_eu already exists in this account, but Roleport"
        + " did not create it for this cluster"), refused.getMessage());
    assertTrue(refused.getMessage().contains("create it again"), refused.getMessage());
  }
}
