package io.roleport.application.access;

import io.roleport.domain.DomainException;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import java.util.Set;

/** An organization the caller may see, with the roles the caller's groups give in it. */
public record OrgAccess(Caller caller, Organization organization, Set<OrgRole> roles) {
  public OrgAccess {
    roles = Set.copyOf(roles);
  }

  public boolean canBind() {
    return roles.stream().anyMatch(OrgRole::canBind);
  }

  public boolean canManageClusters() {
    return roles.stream().anyMatch(OrgRole::canManageClusters);
  }

  /** Org admins administer; platform operators may too, for support of any organization. */
  public boolean canAdminister() {
    return roles.stream().anyMatch(OrgRole::canAdminister) || caller.platformAdmin();
  }

  /**
   * Whether the caller's own groups make them an administrator of this organization. Operators (platform admins) are
   * not: what only the organization may decide (its third parties and their identity providers, its support
   * sessions, whether its own sign-in is refused) needs this.
   */
  public boolean isOrgAdmin() {
    return roles.stream().anyMatch(OrgRole::canAdminister);
  }

  public void requireOrgAdmin() {
    if (!isOrgAdmin()) {
      throw new DomainException("access.notOrgAdmin", organization.slug());
    }
  }

  public void requireAdminister() {
    if (!canAdminister()) {
      throw new DomainException("access.notOrgAdmin", organization.slug());
    }
  }

  public void requireBind() {
    if (!canBind()) {
      throw new DomainException("access.notOrgAdmin", organization.slug());
    }
  }

  public void requireManageClusters() {
    if (!canManageClusters()) {
      throw new DomainException("access.cannotManageClusters", organization.slug());
    }
  }
}
