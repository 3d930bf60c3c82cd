package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue #11: a cluster's cloud name is unique, fits every provider's limits and stays readable. */
class CloudNameTest {
  /** EKS CreateCluster: 1-100, ^[0-9A-Za-z][A-Za-z0-9\-_]* (CLOUD-FACTS.md section 11). */
  static final Pattern EKS = Pattern.compile("[0-9A-Za-z][A-Za-z0-9_-]{0,99}");
  /** AKS managedClusters: 1-63, alphanumerics, _ and -, starting and ending alphanumeric. */
  static final Pattern AKS = Pattern.compile("[0-9A-Za-z](?:[0-9A-Za-z_-]{0,61}[0-9A-Za-z])?");
  /** Azure resource group: 1-90, alphanumerics, _, (, ), -, . and not ending with a dot. */
  static final Pattern RESOURCE_GROUP = Pattern.compile("[\\w().-]{0,89}[\\w()-]");

  @Test
  void theOrganizationsOfTheIssueGetTwoNamesWhereTheLegacySchemeGaveOne() {
    assertEquals(CloudName.legacy(new Slug("acme"), new ClusterName("prod-eu")),
        CloudName.legacy(new Slug("acme-prod"), new ClusterName("eu")), "the bug of issue #11");

    assertNotEquals(CloudName.of(1, new ClusterName("prod-eu")), CloudName.of(2, new ClusterName("eu")));
    assertEquals("rp-1_prod-eu", CloudName.of(1, new ClusterName("prod-eu")).value());
  }

  @Test
  void twoClustersNeverShareANameWhateverTheirNames() {
    // ids and names that line up when joined without a separator: 1 + "a1-xy" against 11 + ... and so on
    Set<String> seen = new HashSet<>();
    for (long id = 1; id <= 3000; id++) {
      for (String name : new String[] {"xy", "xy-1", "a1-xy", "b" + id + "-xy"}) {
        String value = CloudName.of(id, new ClusterName(name)).value();
        assertTrue(seen.add(value), "two clusters would share " + value);
      }
    }
  }

  @Test
  void theLongestIdAndNameFitTheStrictestLimitInFull() {
    String longest = "a" + "b-".repeat(19) + "c";
    assertEquals(40, longest.length());
    CloudName name = CloudName.of(Long.MAX_VALUE, new ClusterName(longest));

    assertEquals(63, name.value().length(), name.value());
    assertTrue(EKS.matcher(name.value()).matches(), name.value());
    assertTrue(AKS.matcher(name.value()).matches(), name.value());
    assertTrue(RESOURCE_GROUP.matcher(name.value()).matches(), name.value());
    assertEquals("rp-" + Long.MAX_VALUE + "_" + longest, name.value());
  }

  @Test
  void aDerivedNameNeverEqualsALegacyName() {
    Random random = new Random(11);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
    for (int i = 0; i < 5000; i++) {
      Slug slug = randomValid(random, alphabet, Slug::new);
      ClusterName name = randomValid(random, alphabet, ClusterName::new);
      String legacy = CloudName.legacy(slug, name).value();
      assertFalse(legacy.contains("_"), legacy);
      assertTrue(CloudName.of(random.nextInt(1_000_000) + 1, name).value().contains("_"));
    }
  }

  @Test
  void readableTheClusterNameFollowsTheKey() {
    assertTrue(CloudName.of(4711, new ClusterName("payments-api")).value().endsWith("_payments-api"));
  }

  @Test
  void onlyPositiveIdsAndValidNames() {
    assertThrows(IllegalArgumentException.class, () -> CloudName.of(0, new ClusterName("ok")));
    assertThrows(IllegalArgumentException.class, () -> new CloudName("-starts-with-hyphen"));
    assertThrows(IllegalArgumentException.class, () -> new CloudName("has space"));
    assertThrows(IllegalArgumentException.class, () -> new CloudName("x".repeat(101)));
  }

  private static <T> T randomValid(Random random, String alphabet, java.util.function.Function<String, T> make) {
    while (true) {
      int length = 2 + random.nextInt(39);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < length; i++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        return make.apply(b.toString());
      } catch (DomainException invalid) {
        // draw again
      }
    }
  }
}
