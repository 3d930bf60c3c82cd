package io.roleport.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A node group's size: at least {@code min}, {@code desired} now, at most {@code max} nodes. Valid when
 * {@code 0 <= min <= desired <= max <= }{@link ClusterSpec#MAX_NODES} and {@code max >= 1}; on AKS the system pool keeps
 * at least one node ({@code min >= 1}). {@link #problems} lists every rule broken at once, so a form can show them all.
 */
public record NodeScaling(int min, int desired, int max) {

  public NodeScaling {
    List<String> problems = problems(min, desired, max, CloudKind.AWS);
    if (!problems.isEmpty()) {
      throw new DomainException(problems.get(0), min, desired, max, ClusterSpec.MAX_NODES);
    }
  }

  /** A fixed size: min = desired = max. */
  public static NodeScaling fixed(int nodes) {
    return new NodeScaling(nodes, nodes, nodes);
  }

  /**
   * The message keys of every rule these numbers break (empty when valid), each with the arguments
   * {@code min, desired, max, MAX_NODES}.
   */
  public static List<String> problems(int min, int desired, int max, CloudKind cloud) {
    List<String> out = new ArrayList<>();
    if (min < (cloud == CloudKind.AZURE ? 1 : 0)) {
      out.add(cloud == CloudKind.AZURE ? "scale.min.system" : "scale.min.negative");
    }
    if (max < 1 || max > ClusterSpec.MAX_NODES) {
      out.add("scale.max.range");
    }
    if (min > desired || desired > max) {
      out.add("scale.order");
    }
    return out;
  }

  /** Refuses what {@code cloud} would refuse beyond the common rules (AKS: the system pool keeps a node). */
  public void requireOffered(CloudKind cloud) {
    List<String> problems = problems(min, desired, max, cloud);
    if (!problems.isEmpty()) {
      throw new DomainException(problems.get(0), min, desired, max, ClusterSpec.MAX_NODES);
    }
  }
}
