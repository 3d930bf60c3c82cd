package io.roleport.application.clusters;

import io.roleport.domain.Cluster;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * Whose a cloud resource is, as Roleport tags everything it creates: the cluster's key (its id, unique in the
 * installation), the organization's slug (unique and never changed; it is also the {@code roleport-org} session
 * tag the default account's policy compares with) and the organization's id. A resource found by name or by tag
 * is Roleport's to adopt, wait for or delete only when its tags name this cluster and this organization: in an
 * account several organizations share, a name alone proves nothing.
 *
 * <p>Resources created before the organization id was tagged carry only the cluster key and the slug; they are
 * recognised by those two.
 */
public record ResourceOwner(String clusterKey, String orgSlug, long orgId) {
  /** AWS tag keys (EC2 and EKS). */
  public static final String AWS_CLUSTER = "roleport:cluster";
  public static final String AWS_ORG = "roleport:org";
  public static final String AWS_ORG_ID = "roleport:org-id";
  /** Azure tag names (resource groups and managed clusters). */
  public static final String AZURE_CLUSTER = "roleport-cluster";
  public static final String AZURE_ORG = "roleport-org";
  public static final String AZURE_ORG_ID = "roleport-org-id";

  public static ResourceOwner of(Cluster cluster) {
    return new ResourceOwner(OperationStepper.key(cluster), cluster.organization().slug(),
        cluster.organization().id());
  }

  /** The tags of every AWS resource of the cluster. */
  public Map<String, String> awsTags(String requestedBy) {
    return Map.of(AWS_CLUSTER, clusterKey, AWS_ORG, orgSlug, AWS_ORG_ID, String.valueOf(orgId),
        "roleport:requested-by", requestedBy);
  }

  /** The tags of the cluster's resource group and managed cluster. */
  public Map<String, String> azureTags(String clusterName) {
    return Map.of(AZURE_CLUSTER, clusterKey, AZURE_ORG, orgSlug, AZURE_ORG_ID, String.valueOf(orgId),
        "roleport-cluster-name", clusterName);
  }

  /** Whether an AWS resource with these tags is this cluster's. */
  public boolean ownsAws(Map<String, String> tags) {
    return owns(tags, AWS_CLUSTER, AWS_ORG, AWS_ORG_ID);
  }

  /** Whether an Azure resource with these tags is this cluster's (Azure tag names are case-insensitive). */
  public boolean ownsAzure(Map<String, String> tags) {
    java.util.TreeMap<String, String> folded = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (tags != null) {
      folded.putAll(tags);
    }
    return owns(folded, AZURE_CLUSTER, AZURE_ORG, AZURE_ORG_ID);
  }

  private boolean owns(Map<String, String> tags, String clusterTag, String orgTag, String orgIdTag) {
    if (tags == null) {
      return false;
    }
    String id = tags.get(orgIdTag);
    return clusterKey.equals(tags.get(clusterTag)) && orgSlug.equals(tags.get(orgTag))
        && (id == null || id.equals(String.valueOf(orgId)));
  }

  /**
   * The refusal to adopt {@code kind} {@code name}, which exists but is not this cluster's: final (retrying
   * cannot change who owns it), in words a person can act on, naming nothing of the other owner.
   */
  public static CloudException notOwned(String kind, String name) {
    return new CloudException(NOT_OWNED, message("cloud.notOwned", kind, name), false, null);
  }

  /** The code of {@link #notOwned}. */
  public static final String NOT_OWNED = "NotOwned";

  static String message(String key, Object... args) {
    ResourceBundle bundle = ResourceBundle.getBundle("messages", Locale.ROOT, ResourceOwner.class.getClassLoader());
    return new MessageFormat(bundle.getString(key), Locale.ROOT).format(args);
  }
}
