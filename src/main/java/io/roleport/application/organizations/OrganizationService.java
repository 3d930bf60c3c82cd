package io.roleport.application.organizations;

import io.roleport.application.InstallationProfile;
import io.roleport.application.access.Caller;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.BindingStatusRepository;
import io.roleport.domain.ClusterRepository;
import io.roleport.domain.DomainException;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.PlacementKind;
import io.roleport.domain.Slug;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The caller's organizations: a database-paged list, creation of a team organization, one overview. */
@ApplicationScoped
public class OrganizationService {
  private final SecureRandom random = new SecureRandom();

  @Inject TenantGuard guard;
  @Inject OrganizationRepository organizations;
  @Inject ClusterRepository clusters;
  @Inject InstallationProfile installation;
  @Inject AuditTrail audit;
  @Inject Clock clock;
  @Inject io.roleport.application.access.Limits limits;
  @Inject BindingStatusRepository bindingStatuses;

  @Transactional
  public List<Organization> page(Caller caller, int offset, int limit) {
    return organizations.page(caller.groups(), caller.seesAllOrganizations(), offset, limit);
  }

  @Transactional
  public long count(Caller caller) {
    return organizations.count(caller.groups(), caller.seesAllOrganizations());
  }

  /**
   * Creates a team organization administered by one of the caller's own groups (so the caller can use
   * it at once), with a freshly generated ExternalId.
   */
  @Transactional
  public Organization create(Caller caller, String name, String slug, String adminGroup) {
    try {
      if (adminGroup == null || !caller.groups().contains(adminGroup)) {
        throw new DomainException("org.adminGroup.notYours", adminGroup);
      }
      limits.organizationCreation(caller);
      Slug validSlug = new Slug(slug == null ? "" : slug.strip());
      if (organizations.slugTaken(validSlug.value())) {
        throw new DomainException("org.slug.taken", validSlug.value());
      }
      Organization org = new Organization(validSlug, name, OrgKind.TEAM, null, ExternalId.generate(random),
          clock.instant());
      organizations.add(org);
      organizations.add(new GroupMapping(org, adminGroup, OrgRole.ORG_ADMIN));
      organizations.flush();
      audit.ok(caller.subject(), org.id(), null, "org.created", org.slug() + " admin group " + adminGroup);
      return org;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), null, null, "org.created", refused.key());
      throw refused;
    }
  }

  /** The third parties of an ISV organization (empty for other kinds). */
  @Transactional
  public List<Organization> thirdParties(Caller caller, String isvSlug) {
    Organization isv = guard.require(caller, isvSlug).organization();
    return isv.kind() == OrgKind.ISV ? organizations.children(isv) : List.of();
  }

  /**
   * An ISV administrator onboards a third party: a new organization under the ISV, administered by the
   * ISV's administrator groups, whose own users (group {@code thirdPartyGroup}) get the third-party role.
   * It gets its own ExternalId, so its account trusts Roleport only for this organization.
   */
  @Transactional
  public Organization createThirdParty(Caller caller, String isvSlug, String name, String slug,
      String thirdPartyGroup) {
    OrgAccess access = guard.require(caller, isvSlug);
    Organization isv = access.organization();
    try {
      access.requireOrgAdmin();
      if (isv.kind() != OrgKind.ISV) {
        throw new DomainException("org.parent.notIsv", isv.slug());
      }
      Slug validSlug = new Slug(slug == null ? "" : slug.strip());
      if (organizations.slugTaken(validSlug.value())) {
        throw new DomainException("org.slug.taken", validSlug.value());
      }
      Organization org = new Organization(validSlug, name, OrgKind.THIRD_PARTY, isv, ExternalId.generate(random),
          clock.instant());
      GroupMapping thirdParty = new GroupMapping(org, thirdPartyGroup, OrgRole.THIRD_PARTY);
      organizations.add(org);
      for (GroupMapping m : organizations.mappings(isv)) {
        if (m.role() == OrgRole.ORG_ADMIN) {
          organizations.add(new GroupMapping(org, m.groupName(), OrgRole.ORG_ADMIN));
        }
      }
      organizations.add(thirdParty);
      organizations.flush();
      audit.ok(caller.subject(), org.id(), null, "org.thirdParty.created",
          org.slug() + " under " + isv.slug() + ", users group " + thirdParty.groupName());
      return org;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), isv.id(), null, "org.thirdParty.created", refused.key());
      throw refused;
    }
  }

  @Transactional
  public OrgOverview overview(Caller caller, String slug) {
    return overview(guard.require(caller, slug));
  }

  /**
   * The organization's page: the bindings came with the guard's query; live clusters by placement are one query and,
   * with an AWS binding (the page shows its trust check), the last check one more.
   */
  @Transactional
  public OrgOverview overview(OrgAccess access) {
    Organization org = access.organization();
    Map<PlacementKind, Long> live = clusters.countLiveByPlacement(org);
    return new OrgOverview(org, access.roles(), org.awsBinding(),
        installation.defaultWorkloadRole().accountId().value(),
        live.getOrDefault(PlacementKind.DEFAULT_ACCOUNT, 0L), live.getOrDefault(PlacementKind.ORG_ACCOUNT, 0L),
        access.canAdminister(), org.awsBinding().isPresent() ? bindingStatuses.find(org) : Optional.empty());
  }

  /** The third parties of an ISV organization (empty for other kinds, without a query). */
  @Transactional
  public List<Organization> thirdParties(OrgAccess access) {
    Organization isv = access.organization();
    return isv.kind() == OrgKind.ISV ? organizations.children(isv) : List.of();
  }
}
