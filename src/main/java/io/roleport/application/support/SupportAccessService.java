package io.roleport.application.support;

import io.roleport.application.access.Caller;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.CloudException;
import io.roleport.domain.AwsBinding;
import io.roleport.domain.DomainException;
import io.roleport.domain.Organization;
import io.roleport.domain.SupportSession;
import io.roleport.domain.SupportSessionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Support staff open a time-limited console session in an organization's own account through its support
 * role, with a reason. Only the installation's support role may; every session is recorded (append-only)
 * and audited, and the organization's administrators and its third party see them.
 */
@ApplicationScoped
public class SupportAccessService {

  @Inject TenantGuard guard;
  @Inject SupportSessionRepository sessions;
  @Inject SupportConsole console;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  /** What the support engineer gets: the sign-in link and when the session ends. */
  public record SupportLink(URI url, SupportSession session) {}

  @Transactional
  public SupportLink open(Caller caller, String slug, String reason, int minutes) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    try {
      if (!caller.support()) {
        throw new DomainException("support.notSupport");
      }
      access.requireWritable();
      SupportSession session = new SupportSession(org, caller.subject(), reason, Duration.ofMinutes(minutes),
          clock.instant());
      AwsBinding binding = org.awsBinding().orElseThrow(() -> new DomainException("support.noAccount", org.slug()));
      URI link = console.signInLink(binding.supportRole(), binding.externalId(), caller.subject(), org.slug(),
          session.length());
      sessions.add(session);
      audit.ok(caller.subject(), org.id(), session.accountId(), "support.session.opened",
          minutes + " min, reason: " + session.reason());
      return new SupportLink(link, session);
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "support.session.opened", refused.key());
      throw refused;
    } catch (CloudException failed) {
      audit.failed(caller.subject(), org.id(), null, "support.session.opened", failed.code());
      throw new DomainException("support.consoleFailed", failed.code());
    }
  }

  /** Whether the organization has an account of its own, with a support role a session can be opened with. */
  @Transactional
  public boolean hasSupportRole(Caller caller, String slug) {
    return guard.require(caller, slug).organization().awsBinding().isPresent();
  }

  /** Recent support sessions, for support staff and the organization's administrators. */
  @Transactional
  public List<SupportSession> recent(Caller caller, String slug) {
    OrgAccess access = guard.require(caller, slug);
    if (!caller.support() && !access.isOrgAdmin()) {
      throw new DomainException("access.notOrgAdmin", slug);
    }
    return sessions.recent(access.organization(), 50);
  }

  /** Recent support sessions in a third party's account, for its own users. */
  @Transactional
  public List<SupportSession> recentForThirdParty(Caller caller, String slug) {
    return sessions.recent(guard.requireThirdParty(caller, slug).organization(), 50);
  }
}
