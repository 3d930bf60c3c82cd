package io.roleport.application.access;

import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one place that turns an organization slug from a URL into an organization the caller may see.
 * Unknown and foreign slugs both end in {@link NotFoundException}. Every service method that takes a
 * slug starts here; no page or repository repeats the check.
 */
@ApplicationScoped
public class TenantGuard {

  @Inject OrganizationRepository organizations;

  /**
   * An organization for the management pages. A caller whose only role in it is {@code third-party}
   * gets 404 here: third parties use their own area ({@link #requireThirdParty}).
   */
  public OrgAccess require(Caller caller, String slug) {
    OrgAccess access = resolve(caller, slug);
    if (access.roles().equals(Set.of(OrgRole.THIRD_PARTY))) {
      throw new NotFoundException("organization");
    }
    return access;
  }

  /** An organization for the third-party area: only callers holding the third-party role in it. */
  public OrgAccess requireThirdParty(Caller caller, String slug) {
    OrgAccess access = resolve(caller, slug);
    if (!access.roles().contains(OrgRole.THIRD_PARTY)) {
      throw new NotFoundException("organization");
    }
    return access;
  }

  private OrgAccess resolve(Caller caller, String slug) {
    Organization org = organizations.findBySlug(slug == null ? "" : slug)
        .orElseThrow(() -> new NotFoundException("organization"));
    Set<OrgRole> roles = EnumSet.noneOf(OrgRole.class);
    if (caller.identityOrg() != null) {
      // Signed in through a third party's own provider: third-party user of that organization, nothing else.
      if (caller.identityOrg().equals(org.slug())) {
        roles.add(OrgRole.THIRD_PARTY);
      }
    } else {
      organizations.mappings(org, caller.groups()).stream().map(GroupMapping::role).forEach(roles::add);
    }
    if ((roles.isEmpty() || roles.equals(Set.of(OrgRole.THIRD_PARTY))) && caller.seesAllOrganizations()) {
      roles.add(OrgRole.VIEWER);
    }
    if (roles.isEmpty()) {
      throw new NotFoundException("organization");
    }
    return new OrgAccess(caller, org, roles);
  }
}
