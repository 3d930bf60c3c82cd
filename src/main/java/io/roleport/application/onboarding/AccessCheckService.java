package io.roleport.application.onboarding;

import io.roleport.application.access.Caller;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.CloudException;
import io.roleport.application.onboarding.AwsAccountProbe.ProbeResult;
import io.roleport.domain.AwsBinding;
import io.roleport.domain.BindingStatus;
import io.roleport.domain.BindingStatusRepository;
import io.roleport.domain.DomainException;
import io.roleport.domain.Organization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;

/**
 * Checks that an organization's own AWS account still trusts Roleport (the customer may revoke at any
 * time by removing the trust statement or the role). A refused AssumeRole marks the binding revoked: it
 * is shown as such, and new cluster operations in that account are refused until a check succeeds again.
 *
 * <p>Only an answer about the automation role itself may mark the binding revoked: with role assumption, the call
 * Roleport's own principal makes with the ExternalId (whoever asked for the check); with web identity, a refusal of an
 * organization administrator's own sign-in. A member whose own sign-in is refused learns that it concerns only them
 * (for example a trust policy that names certain people); the binding's status does not change.
 */
@ApplicationScoped
public class AccessCheckService {

  @Inject TenantGuard guard;
  @Inject AwsAccountProbe probe;
  @Inject io.roleport.application.clusters.WebIdentityAccess webIdentity;
  @Inject io.roleport.application.clusters.WebIdentitySessions webSessions;
  @Inject BindingStatusRepository statuses;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  @Transactional
  public BindingStatus check(Caller caller, String slug) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    access.requireManageClusters();
    AwsBinding binding = org.awsBinding().orElseThrow(() -> new DomainException("access.check.noAwsBinding"));
    ProbeResult result = binding.usesWebIdentity() ? probeWithOwnSignIn(caller, org, binding)
        : probe.probe(binding.automationRole(), binding.externalId(), caller.subject(), org.slug());
    // AccessDenied: the role no longer trusts us; InvalidIdentityToken: the account no longer trusts the issuer
    if (!result.assumed() && !java.util.Set.of("AccessDenied", "InvalidIdentityToken").contains(result.errorCode())) {
      throw new DomainException("access.check.inconclusive", String.valueOf(result.errorMessage()));
    }
    if (!result.assumed() && binding.usesWebIdentity() && !access.isOrgAdmin()) {
      audit.refused(caller.subject(), org.id(), binding.accountId().value(), "binding.checked",
          "own sign-in refused: " + result.errorCode());
      throw new DomainException("access.check.ownSignInRefused", binding.automationRole().value());
    }
    BindingStatus status = statuses.find(org).orElseGet(() -> new BindingStatus(org.id()));
    boolean revoked = !result.assumed();
    status.record(revoked, revoked ? result.errorMessage() : null, caller.subject(), clock.instant());
    statuses.save(status);
    audit.ok(caller.subject(), org.id(), binding.accountId().value(), revoked ? "binding.revoked" : "binding.checked",
        revoked ? String.valueOf(result.errorMessage()) : "trust in place");
    return status;
  }

  /** In an account that trusts people's own sign-in, the check is whether it still takes the caller's token. */
  private ProbeResult probeWithOwnSignIn(Caller caller, Organization org, AwsBinding binding) {
    var token = webIdentity.freshToken(caller, org);
    try {
      var session = webSessions.assume(binding.automationRole(), token, caller.subject());
      return ProbeResult.assumed(webSessions.accountOf(session), binding.automationRole().value());
    } catch (CloudException e) {
      return ProbeResult.refused(e.code(), e.getMessage());
    }
  }

  @Transactional
  public Optional<BindingStatus> status(Caller caller, String slug) {
    return statuses.find(guard.require(caller, slug).organization());
  }
}
