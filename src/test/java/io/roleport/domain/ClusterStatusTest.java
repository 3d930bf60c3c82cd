package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which statuses live pages keep polling for (the cluster list, a cluster's page). */
class ClusterStatusTest {
  @Test
  void onlyCreatingUpdatingAndDeletingAreChanging() {
    Set<ClusterStatus> changing = EnumSet.noneOf(ClusterStatus.class);
    for (ClusterStatus s : ClusterStatus.values()) {
      if (s.changing()) {
        changing.add(s);
      }
    }
    assertEquals(EnumSet.of(ClusterStatus.CREATING, ClusterStatus.UPDATING, ClusterStatus.DELETING), changing);
  }
}
