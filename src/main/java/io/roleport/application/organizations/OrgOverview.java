package io.roleport.application.organizations;

import io.roleport.domain.AwsBinding;
import io.roleport.domain.BindingStatus;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import java.util.Optional;
import java.util.Set;

/**
 * One organization as its page shows it: the caller's roles, the binding (never a secret), and how many
 * live clusters run in the default account and in the organization's own; with a binding, what the last check of
 * the account's trust found.
 */
public record OrgOverview(Organization organization, Set<OrgRole> roles, Optional<AwsBinding> binding,
    String defaultAccountId, long clustersInDefaultAccount, long clustersInOwnAccount, boolean administer,
    Optional<BindingStatus> accessStatus) {

  /** An overview without the result of the last "does the account still trust us?" check. */
  public OrgOverview(Organization organization, Set<OrgRole> roles, Optional<AwsBinding> binding,
      String defaultAccountId, long clustersInDefaultAccount, long clustersInOwnAccount, boolean administer) {
    this(organization, roles, binding, defaultAccountId, clustersInDefaultAccount, clustersInOwnAccount, administer,
        Optional.empty());
  }

  public boolean canBind() {
    return roles.stream().anyMatch(OrgRole::canBind) && !organization.isArchived();
  }

  /** Issue #15: an archived organization's pages are read-only. */
  public boolean archived() {
    return organization.isArchived();
  }

  /** Org admins, and platform operators for any organization. */
  public boolean canAdminister() {
    return administer;
  }

  /** Only the organization's own administrators (by their groups), not operators: third parties and their IdPs. */
  public boolean isOrgAdmin() {
    return roles.stream().anyMatch(OrgRole::canAdminister);
  }

  public boolean canManageClusters() {
    return roles.stream().anyMatch(OrgRole::canManageClusters) && !organization.isArchived();
  }
}
