package io.roleport.application.access;

import io.roleport.domain.DomainException;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import java.util.Set;

/**
 * An organization the caller may see, with the roles the caller's groups give in it. Only the {@link TenantGuard}
 * makes one (the constructor is package-private), so a service method that takes an {@code OrgAccess} cannot be
 * called for an organization nobody checked. The router's check of a request becomes the request's
 * {@link CurrentOrganization}; pages read it instead of resolving the slug again.
 */
public final class OrgAccess {
  private final Caller caller;
  private final Organization organization;
  private final Set<OrgRole> roles;

  OrgAccess(Caller caller, Organization organization, Set<OrgRole> roles) {
    this.caller = caller;
    this.organization = organization;
    this.roles = Set.copyOf(roles);
  }

  public Caller caller() {
    return caller;
  }

  public Organization organization() {
    return organization;
  }

  public Set<OrgRole> roles() {
    return roles;
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

  @Override
  public String toString() {
    return "OrgAccess[" + caller.subject() + " in " + organization.slug() + " as " + roles + "]";
  }
}
