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

  /** Whether the caller may set the binding now (an archived organization changes no more). */
  public boolean canBind() {
    return roles.stream().anyMatch(OrgRole::canBind) && writable();
  }

  /** Whether the caller may create and delete clusters now (an archived organization changes no more). */
  public boolean canManageClusters() {
    return roles.stream().anyMatch(OrgRole::canManageClusters) && writable();
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
    requireWritable();
  }

  /**
   * Refuses any change to an archived organization (issue #15): its pages are read-only. The write checks
   * ({@link #requireOrgAdmin}, {@link #requireBind}, {@link #requireManageClusters}) include it; a write that checks
   * {@link #requireAdminister} (which reading the audit uses too) calls it itself.
   */
  public void requireWritable() {
    organization.requireActive();
  }

  /** Whether the organization can still be changed at all (not archived). */
  public boolean writable() {
    return !organization.isArchived();
  }

  public void requireAdminister() {
    if (!canAdminister()) {
      throw new DomainException("access.notOrgAdmin", organization.slug());
    }
  }

  public void requireBind() {
    if (roles.stream().noneMatch(OrgRole::canBind)) {
      throw new DomainException("access.notOrgAdmin", organization.slug());
    }
    requireWritable();
  }

  public void requireManageClusters() {
    if (roles.stream().noneMatch(OrgRole::canManageClusters)) {
      throw new DomainException("access.cannotManageClusters", organization.slug());
    }
    requireWritable();
  }

  @Override
  public String toString() {
    return "OrgAccess[" + caller.subject() + " in " + organization.slug() + " as " + roles + "]";
  }
}
