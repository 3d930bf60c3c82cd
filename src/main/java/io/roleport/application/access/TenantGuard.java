package io.roleport.application.access;

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
  @Inject CurrentOrganization current;

  /**
   * The router's check of a management page: as {@link #require}, and the answer becomes this request's
   * {@link CurrentOrganization}, which the page's beans read instead of resolving the slug again.
   */
  public OrgAccess enter(Caller caller, String slug) {
    OrgAccess access = require(caller, slug);
    current.set(access);
    return access;
  }

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
    // One query: the organization, its bindings and the roles the caller's groups hold in it.
    OrganizationRepository.WithRoles found = organizations.findWithRoles(slug == null ? "" : slug,
            caller.identityOrg() != null ? Set.of() : caller.groups())
        .orElseThrow(() -> new NotFoundException("organization"));
    Organization org = found.organization();
    Set<OrgRole> roles = EnumSet.noneOf(OrgRole.class);
    if (caller.identityOrg() != null) {
      // Signed in through a third party's own provider: third-party user of that organization, nothing else.
      if (caller.identityOrg().equals(org.slug())) {
        roles.add(OrgRole.THIRD_PARTY);
      }
    } else {
      roles.addAll(found.roles());
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
