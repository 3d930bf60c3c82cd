package io.roleport.application.orphans;

import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import io.roleport.application.clusters.TaggedResource;
import io.roleport.domain.CloudKind;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.OrphanFinding.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the orphan check, apart from any cloud or database: a tagged resource is an orphan when its cluster
 * key names no row or a DELETED one; it is a mismatch (reported, never acted on) when the row is another
 * organization's or lives in another account; a live row is one without resources when its cloud cluster is gone.
 */
public final class OrphanComparison {
  private static final Pattern KEY = Pattern.compile("rp-cluster-(\\d{1,18})");

  /** What a finding's {@code detail} says, as the last part of a message key {@code orphans.detail.*}. */
  public static final String NO_ROW = "noRow";
  public static final String ROW_DELETED = "rowDeleted";
  public static final String OTHER_ORG = "otherOrg";
  public static final String OTHER_ACCOUNT = "otherAccount";
  public static final String GONE = "gone";
  public static final String NOT_OURS = "notOurs";

  private OrphanComparison() {}

  /** What the check knows of a cluster row a tag names. */
  public record Row(long id, long orgId, String orgSlug, ClusterStatus status, CloudKind cloud, String account) {}

  /** A finding before it is stored. */
  public record Found(Kind kind, String resourceId, String region, String clusterKey, String tagOrg, String tagOrgId,
      Long clusterId, String clusterOrg, Long orgId, String detail) {}

  /** The tags Roleport reads on one cloud, by its own names (Azure's are case-insensitive). */
  record Tags(String cluster, String org, String orgId) {
    static Tags of(CloudKind cloud, Map<String, String> raw) {
      if (cloud == CloudKind.AWS) {
        return new Tags(raw.get(ResourceOwner.AWS_CLUSTER), raw.get(ResourceOwner.AWS_ORG),
            raw.get(ResourceOwner.AWS_ORG_ID));
      }
      TreeMap<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      folded.putAll(raw);
      return new Tags(folded.get(ResourceOwner.AZURE_CLUSTER), folded.get(ResourceOwner.AZURE_ORG),
          folded.get(ResourceOwner.AZURE_ORG_ID));
    }
  }

  /** The cluster id a cluster key ({@code rp-cluster-<id>}) names; empty for anything else. */
  public static Optional<Long> clusterId(String key) {
    if (key == null) {
      return Optional.empty();
    }
    Matcher m = KEY.matcher(key);
    return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  /** The cluster ids the resources' tags name (to read their rows in one query). */
  public static List<Long> clusterIds(CloudKind cloud, List<TaggedResource> resources) {
    return resources.stream().map(r -> clusterId(Tags.of(cloud, r.tags()).cluster())).flatMap(Optional::stream)
        .distinct().toList();
  }

  /**
   * The findings among tagged resources of one account ({@code account}: AWS account id or Azure subscription id),
   * given the rows their tags name by id.
   */
  public static List<Found> compare(CloudKind cloud, String account, List<TaggedResource> resources,
      Map<Long, Row> rows) {
    List<Found> found = new ArrayList<>();
    for (TaggedResource resource : resources) {
      Tags tags = Tags.of(cloud, resource.tags());
      Optional<Row> row = clusterId(tags.cluster()).map(rows::get);
      if (row.isEmpty()) {
        found.add(resource(Kind.RESOURCE, resource, tags, null, NO_ROW));
      } else if (!row.get().orgSlug().equals(tags.org())
          || (tags.orgId() != null && !tags.orgId().equals(String.valueOf(row.get().orgId())))) {
        found.add(resource(Kind.MISMATCH, resource, tags, row.get(), OTHER_ORG));
      } else if (row.get().cloud() != cloud || !row.get().account().equalsIgnoreCase(account)) {
        found.add(resource(Kind.MISMATCH, resource, tags, row.get(), OTHER_ACCOUNT));
      } else if (row.get().status() == ClusterStatus.DELETED) {
        found.add(resource(Kind.RESOURCE, resource, tags, row.get(), ROW_DELETED));
      }
    }
    return found;
  }

  /**
   * The finding for a live row, given the state of its cloud cluster: none while it is there; a row without
   * resources when it is gone, or when a cluster of that name is another owner's (none of ours is there).
   */
  public static Optional<Found> checkRow(Row row, String region, String cloudName, ResourceState state) {
    if (state != ResourceState.GONE && state != ResourceState.NOT_OURS) {
      return Optional.empty();
    }
    return Optional.of(new Found(Kind.ROW, cloudName, region, "rp-cluster-" + row.id(), null, null, row.id(),
        row.orgSlug(), row.orgId(), state == ResourceState.GONE ? GONE : NOT_OURS));
  }

  /** Whether a row is one the check asks the cloud about: live, and not in the middle of being made or changed. */
  public static boolean checked(ClusterStatus status, boolean operationRunning) {
    return !operationRunning && (status == ClusterStatus.ACTIVE || status == ClusterStatus.FAILED
        || status == ClusterStatus.MISSING);
  }

  private static Found resource(Kind kind, TaggedResource resource, Tags tags, Row row, String detail) {
    return new Found(kind, resource.id(), resource.region(), tags.cluster(), tags.org(), tags.orgId(),
        row == null ? null : row.id(), row == null ? null : row.orgSlug(), row == null ? null : row.orgId(), detail);
  }
}
