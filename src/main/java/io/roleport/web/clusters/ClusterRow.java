package io.roleport.web.clusters;

import io.roleport.domain.ClusterListing;
import io.roleport.domain.ClusterStatus;
import io.roleport.web.shell.Texts;
import java.io.Serializable;

/**
 * One row of the cluster list, as the view keeps it between requests and shows it: the link, the labels and the
 * account already made into the strings the table prints, not the entity with its organization and persistence
 * state. A JavaBean, so each cell is one cached property read for EL instead of a method call found by reflection
 * and a text lookup; the labels are the bundle's own (shared) strings. Both matter for what a view of the list costs
 * (docs/performance.md: CPU per view, heap per session).
 */
public final class ClusterRow implements Serializable {
  private static final long serialVersionUID = 2L;

  private final Long id;
  private final String href;
  private final String name;
  private final ClusterStatus status;
  private final String statusLabel;
  private final String region;
  private final String kubernetesVersion;
  private final String placementLabel;
  private final String account;

  private ClusterRow(Long id, String href, String name, ClusterStatus status, String region,
      String kubernetesVersion, String placementLabel, String account) {
    this.id = id;
    this.href = href;
    this.name = name;
    this.status = status;
    this.statusLabel = Texts.shown("status." + status);
    this.region = region;
    this.kubernetesVersion = kubernetesVersion;
    this.placementLabel = placementLabel;
    this.account = account;
  }

  /** The row of {@code c}, linking to its page under {@code orgPath} (the organization's path, with the context). */
  static ClusterRow of(String orgPath, ClusterListing c) {
    return new ClusterRow(c.id(), orgPath + "/clusters/" + c.id(), c.name(), c.status(), c.region(),
        c.kubernetesVersion(), Texts.shown("placement." + c.placementKind()), c.placementAccount());
  }

  /** Whether the cluster is being created, changed or deleted (the live refresh watches these rows). */
  boolean changing() {
    return status.changing();
  }

  public Long getId() {
    return id;
  }

  /** The cluster's page. */
  public String getHref() {
    return href;
  }

  public String getName() {
    return name;
  }

  public ClusterStatus getStatus() {
    return status;
  }

  public String getStatusLabel() {
    return statusLabel;
  }

  public String getRegion() {
    return region;
  }

  public String getKubernetesVersion() {
    return kubernetesVersion;
  }

  public String getPlacementLabel() {
    return placementLabel;
  }

  /** The account (or subscription) the cluster runs in. */
  public String getAccount() {
    return account;
  }
}
