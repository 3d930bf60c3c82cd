package io.roleport.domain;

/** Whether a cluster was created in the installation's default account or in the organization's own. */
public enum PlacementKind {
  DEFAULT_ACCOUNT,
  ORG_ACCOUNT
}
