package io.roleport.domain;

/** The role an identity-provider group gives its members in one organization. */
public enum OrgRole {
  ORG_ADMIN,
  MEMBER,
  VIEWER,
  THIRD_PARTY;

  /** Whether this role may create and delete clusters. */
  public boolean canManageClusters() {
    return this == ORG_ADMIN || this == MEMBER;
  }

  /** Whether this role may map groups to roles and read the organization's audit trail. */
  public boolean canAdminister() {
    return this == ORG_ADMIN;
  }

  /** Whether this role may set the organization's cloud binding. */
  public boolean canBind() {
    return this == ORG_ADMIN;
  }
}
