package io.roleport.domain;

import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes minor versions Roleport runs clusters on, oldest first, and the one upgrade path both EKS and AKS
 * allow: one minor version at a time, never down. New clusters are offered {@link ClusterSpec#VERSIONS}; an existing
 * cluster may go on to the next minor that is in {@link #SUPPORTED} (docs/day2.md says how to extend the list when
 * the clouds add a version).
 */
public final class KubernetesVersions {
  /** Every minor version a cluster may run after an upgrade (EKS and AKS both support these). */
  public static final List<String> SUPPORTED = List.of("1.31", "1.32", "1.33", "1.34");

  private KubernetesVersions() {}

  /** The version one minor after {@code current}, if Roleport supports it. */
  public static Optional<String> next(String current) {
    int i = SUPPORTED.indexOf(minor(current));
    return i < 0 || i + 1 >= SUPPORTED.size() ? Optional.empty() : Optional.of(SUPPORTED.get(i + 1));
  }

  /** {@code 1.32} of {@code 1.32}, {@code 1.32.7} or {@code v1.32.7-eks-1234}. */
  public static String minor(String version) {
    if (version == null) {
      return "";
    }
    String v = version.startsWith("v") ? version.substring(1) : version;
    String[] parts = v.split("[.\\-]");
    return parts.length < 2 ? v : parts[0] + "." + parts[1];
  }

  /**
   * Refuses anything but the next minor version of {@code current}: a skipped minor, a downgrade, the same version
   * or one Roleport does not support.
   */
  public static void requireNextMinor(String current, String target) {
    if (next(current).filter(target::equals).isEmpty()) {
      throw new DomainException("upgrade.version.notNext", current, target, next(current).orElse("-"));
    }
  }
}
