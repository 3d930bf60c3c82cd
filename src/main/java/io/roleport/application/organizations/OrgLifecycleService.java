package io.roleport.application.organizations;

import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.DomainException;
import io.roleport.domain.IsvRequest;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgLifecycleRepository;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Issue #15: what happens to an organization after it was created. Its administrators rename it (never its slug or
 * ExternalId), archive it once no cluster lives in it (read-only from then on, its slug stays taken), and ask for it
 * to become an ISV; operators (platform admins) decide those requests, or make an organization an ISV or a team
 * themselves. An ISV's administrators decide whether its third parties must bind their own account before any
 * cluster. Every change and every refusal is audited in the organization.
 */
@ApplicationScoped
public class OrgLifecycleService {
  /** The most pending requests an operator's list shows. */
  public static final int REQUEST_LIST_LIMIT = 200;

  @Inject TenantGuard guard;
  @Inject OrganizationRepository organizations;
  @Inject OrgLifecycleRepository lifecycle;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  /** A new display name (org-admins). */
  @Transactional
  public Organization rename(Caller caller, String slug, String newName) {
    OrgAccess access = guard.require(caller, slug);
    return audited(access, "org.renamed", org -> {
      access.requireOrgAdmin();
      String before = org.name();
      org.rename(newName);
      organizations.flush();
      return new Outcome<>(org, before + " -> " + org.name());
    });
  }

  /**
   * Archives an organization that has no live cluster (org-admins): read-only from then on. An ISV is archived only
   * after its third parties are.
   */
  @Transactional
  public Organization archive(Caller caller, String slug, String confirmSlug) {
    OrgAccess access = guard.require(caller, slug);
    return audited(access, "org.archived", org -> {
      access.requireOrgAdmin();
      if (confirmSlug == null || !confirmSlug.strip().equals(org.slug())) {
        throw new DomainException("org.archive.confirm", org.slug());
      }
      organizations.lock(org); // no cluster is recorded while the count is taken (trigger cluster_not_in_archived_org)
      long live = lifecycle.liveClustersLocked(org);
      if (live > 0) {
        throw new DomainException("org.archive.liveClusters", org.slug(), live);
      }
      if (org.kind() == OrgKind.ISV && organizations.children(org).stream().anyMatch(t -> !t.isArchived())) {
        throw new DomainException("org.archive.thirdParties", org.slug());
      }
      org.archive(caller.subject(), clock.instant());
      organizations.flush();
      return new Outcome<>(org, org.slug());
    });
  }

  /** An org-admin asks the operators to make their team organization an ISV, with a reason. */
  @Transactional
  public IsvRequest requestIsv(Caller caller, String slug, String reason) {
    OrgAccess access = guard.require(caller, slug);
    return audited(access, "org.isv.requested", org -> {
      access.requireOrgAdmin();
      if (lifecycle.pendingIsvRequest(org).isPresent()) {
        throw new DomainException("isv.request.pending", org.slug());
      }
      IsvRequest request = new IsvRequest(org, reason, caller.subject(), clock.instant());
      lifecycle.add(request);
      lifecycle.flush();
      return new Outcome<>(request, request.reason());
    });
  }

  /** The organization's pending ISV request, for its page (anyone who may see the organization). */
  @Transactional
  public Optional<IsvRequest> pendingRequest(OrgAccess access) {
    // the organization's row says whether one is pending: no query for the (usual) organization without one
    Organization org = access.organization();
    return org.kind() == OrgKind.TEAM && org.isvRequestPending() ? lifecycle.pendingIsvRequest(org) : Optional.empty();
  }

  /** Every pending ISV request, oldest first: the operators' list (platform admins and support may read it). */
  @Transactional
  public List<IsvRequest> pendingRequests(Caller caller) {
    if (!caller.seesAllOrganizations()) {
      throw new NotFoundException("operator view");
    }
    return lifecycle.pendingIsvRequests(REQUEST_LIST_LIMIT);
  }

  /** An operator approves (the organization becomes an ISV) or declines a request, once, with an optional note. */
  @Transactional
  public IsvRequest decide(Caller caller, long requestId, boolean approve, String note) {
    IsvRequest request = lifecycle.findIsvRequest(requestId).orElseThrow(() -> new NotFoundException("request"));
    // through the guard like every organization action: a caller who may not see the organization gets 404
    OrgAccess access = guard.require(caller, request.organization().slug());
    return audited(access, approve ? "org.isv.approved" : "org.isv.declined", org -> {
      requireOperator(caller);
      request.decide(approve ? IsvRequest.Decision.APPROVED : IsvRequest.Decision.DECLINED, caller.subject(), note,
          clock.instant());
      lifecycle.flush();
      return new Outcome<>(request, note == null || note.isBlank() ? request.reason() : note.strip());
    });
  }

  /**
   * An operator makes an organization an ISV or a team organization again (only without third parties). A pending
   * request of the organization is approved with it.
   */
  @Transactional
  public Organization setKind(Caller caller, String slug, OrgKind kind) {
    OrgAccess access = guard.require(caller, slug);
    return audited(access, kind == OrgKind.ISV ? "org.isv.made" : "org.team.made", org -> {
      requireOperator(caller);
      if (kind == OrgKind.ISV) {
        Optional<IsvRequest> pending = lifecycle.pendingIsvRequest(org);
        if (pending.isPresent()) {
          pending.get().decide(IsvRequest.Decision.APPROVED, caller.subject(), null, clock.instant());
        } else {
          org.makeIsv();
        }
      } else if (kind == OrgKind.TEAM) {
        long thirdParties = lifecycle.thirdPartyCount(org);
        if (org.kind() == OrgKind.ISV && thirdParties > 0) {
          throw new DomainException("org.team.hasThirdParties", org.slug(), thirdParties);
        }
        org.makeTeam();
      } else {
        throw new DomainException("org.kind.notSettable", kind);
      }
      organizations.flush();
      return new Outcome<>(org, org.slug());
    });
  }

  /** An ISV's administrators: must third parties bind their own account before any cluster? */
  @Transactional
  public Organization requireThirdPartiesToBind(Caller caller, String slug, boolean required) {
    OrgAccess access = guard.require(caller, slug);
    return audited(access, "org.isv.bindingRule", org -> {
      access.requireOrgAdmin();
      org.requireThirdPartiesToBind(required);
      organizations.flush();
      return new Outcome<>(org,
          required ? "third parties bind their own account first" : "third parties may start in the default account");
    });
  }

  /** What a lifecycle action answers, and the detail its audit row records. */
  private record Outcome<T>(T result, String detail) {}

  /** A lifecycle action on the organization: refuses with a {@link DomainException}, or answers an {@link Outcome}. */
  @FunctionalInterface
  private interface Change<T> {
    Outcome<T> apply(Organization org);
  }

  /**
   * Runs {@code change} on the caller's organization and audits it under {@code action}: its detail when it is done,
   * the refusal's key when it is refused (and rethrows the refusal, so the transaction rolls back).
   */
  private <T> T audited(OrgAccess access, String action, Change<T> change) {
    Organization org = access.organization();
    String subject = access.caller().subject();
    try {
      Outcome<T> done = change.apply(org);
      audit.ok(subject, org.id(), null, action, done.detail());
      return done.result();
    } catch (DomainException refused) {
      audit.refused(subject, org.id(), null, action, refused.key());
      throw refused;
    }
  }

  /** The caller's organizations with the archived ones, for the list's filter. */
  @Transactional
  public List<Organization> pageWithArchived(Caller caller, int offset, int limit) {
    return lifecycle.page(caller.groups(), caller.seesAllOrganizations(), true, offset, limit);
  }

  @Transactional
  public long countWithArchived(Caller caller) {
    return lifecycle.count(caller.groups(), caller.seesAllOrganizations(), true);
  }

  private static void requireOperator(Caller caller) {
    if (!caller.platformAdmin()) {
      throw new DomainException("access.notOperator");
    }
  }
}
