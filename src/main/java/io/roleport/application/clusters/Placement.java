package io.roleport.application.clusters;

import io.roleport.domain.CloudKind;
import io.roleport.domain.PlacementKind;

/**
 * Where a new cluster of an organization would go: the cloud, the account (AWS account id or Azure
 * subscription id) and whether it is the organization's own or the installation's default.
 */
public record Placement(String accountId, PlacementKind kind, CloudKind cloud) implements java.io.Serializable {

  /** An AWS placement. */
  public Placement(String accountId, PlacementKind kind) {
    this(accountId, kind, CloudKind.AWS);
  }
}
