package io.roleport.application.onboarding;

import io.roleport.application.InstallationProfile;
import io.roleport.application.access.Caller;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.onboarding.AwsAccountProbe.ProbeResult;
import io.roleport.application.onboarding.ValidationReport.Check;
import io.roleport.application.clusters.CloudException;
import io.roleport.application.clusters.SessionCredentials;
import io.roleport.application.clusters.WebIdentitySessions;
import io.roleport.domain.AwsBinding;
import io.roleport.domain.AwsFederation;
import io.roleport.domain.DomainException;
import io.roleport.domain.ExternalId;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.RoleArn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds an organization to its own AWS account, once. The binding is validated with real STS calls before
 * it is stored: at bind, by the validation the same person ran on the server for exactly the same inputs less than
 * {@link PassedValidations#FRESH_FOR} ago, or else by running the checks again (never trusting the page), so what
 * is stored has been proven to work and to be safe against the confused deputy.
 */
@ApplicationScoped
public class AwsOnboardingService {
  public static final String AUTOMATION_ROLE = "RoleportAutomation";
  public static final String SUPPORT_ROLE = "RoleportSupport";

  @Inject TenantGuard guard;
  @Inject OrganizationRepository organizations;
  @Inject AwsAccountProbe probe;
  @Inject AwsPermissionProbe permissions;
  @Inject WebIdentitySessions webIdentity;
  @Inject io.roleport.application.clusters.WebIdentityAccess webIdentityAccess;
  @Inject InstallationProfile installation;
  @Inject AuditTrail audit;
  @Inject PassedValidations passed;
  @Inject Clock clock;

  /** What a passed AWS validation is remembered under (with the organization and the person). */
  private static final String KIND = "aws";

  @Transactional
  public AwsInstructions instructions(Caller caller, String slug) {
    Organization org = guard.require(caller, slug).organization();
    String principal = installation.awsPrincipalArn();
    ExternalId externalId = org.externalId();
    String issuer = installation.corporateIssuer();
    String clientId = installation.corporateClientId();
    return new AwsInstructions(externalId.value(), principal, TrustPolicy.json(principal, externalId),
        TrustPolicy.cloudFormation(principal, externalId, AUTOMATION_ROLE, SUPPORT_ROLE), AUTOMATION_ROLE,
        SUPPORT_ROLE, issuer, clientId, TrustPolicy.webIdentityJson(issuer, clientId),
        TrustPolicy.webIdentityCloudFormation(issuer, clientId, principal, externalId, AUTOMATION_ROLE,
            SUPPORT_ROLE), AwsPermissions.automationPolicyJson(TrustPolicy.ACCOUNT_PLACEHOLDER));
  }

  /** Runs every check and reports each one; stores nothing. */
  @Transactional
  public ValidationReport validate(Caller caller, String slug, String automationArn, String supportArn) {
    return validate(caller, slug, automationArn, supportArn, AwsFederation.ROLE_ASSUMPTION);
  }

  /** Runs every check for the given way of acting in the account and reports each one; stores nothing. */
  @Transactional
  public ValidationReport validate(Caller caller, String slug, String automationArn, String supportArn,
      AwsFederation federation) {
    OrgAccess access = guard.require(caller, slug);
    access.requireBind();
    ValidationReport report = check(access, automationArn, supportArn, federation);
    if (report.passed()) {
      passed.remember(access, KIND, String.valueOf(federation), automationArn, supportArn);
    } else {
      passed.forget(access, KIND, String.valueOf(federation), automationArn, supportArn);
    }
    return report;
  }

  /**
   * Stores the binding when every check passes: a validation of the same inputs by the same person that passed less
   * than {@link PassedValidations#FRESH_FOR} ago stands for the checks (once); otherwise they run again here.
   *
   * @throws DomainException {@code binding.alreadySet} when the organization is bound already,
   *     {@code binding.validationFailed} when a check fails; nothing is stored in either case
   */
  @Transactional
  public AwsBinding bind(Caller caller, String slug, String automationArn, String supportArn) {
    return bind(caller, slug, automationArn, supportArn, AwsFederation.ROLE_ASSUMPTION);
  }

  /** As {@link #bind(Caller, String, String, String)}, fixing how Roleport acts in the account for people. */
  @Transactional
  public AwsBinding bind(Caller caller, String slug, String automationArn, String supportArn,
      AwsFederation federation) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    try {
      access.requireBind();
      organizations.lock(org);
      if (org.isBound()) {
        throw new DomainException("binding.alreadySet", org.awsBinding().map(b -> b.accountId().value())
            .orElseGet(() -> org.azureBinding().orElseThrow().subscriptionId().value()));
      }
      if (!passed.take(access, KIND, String.valueOf(federation), automationArn, supportArn)
          && !check(access, automationArn, supportArn, federation).passed()) {
        throw new DomainException("binding.validationFailed");
      }
      AwsBinding binding = org.bindAws(new RoleArn(automationArn), new RoleArn(supportArn), federation,
          caller.subject(), clock.instant());
      organizations.flush();
      audit.ok(caller.subject(), org.id(), binding.accountId().value(), "binding.set",
          "automation=" + binding.automationRole() + " support=" + binding.supportRole() + " federation="
              + federation);
      return binding;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "binding.set", refused.key());
      throw refused;
    }
  }

  private ValidationReport check(OrgAccess access, String automationArn, String supportArn,
      AwsFederation federation) {
    Organization org = access.organization();
    List<Check> checks = new ArrayList<>();
    RoleArn automation = parse(automationArn, "check.automationArn", checks);
    RoleArn support = parse(supportArn, "check.supportArn", checks);
    if (automation == null || support == null) {
      return new ValidationReport(checks);
    }
    if (!automation.accountId().equals(support.accountId())) {
      checks.add(fail("check.sameAccount", "check.sameAccount.differ", automation.accountId().value(),
          support.accountId().value()));
      return new ValidationReport(checks);
    }
    String account = automation.accountId().value();
    if (account.equals(installation.defaultWorkloadRole().accountId().value())) {
      checks.add(fail("check.sameAccount", "check.account.isDefault", account));
      return new ValidationReport(checks);
    }
    String actor = access.caller().subject();
    if (federation == AwsFederation.WEB_IDENTITY) {
      webIdentityChecks(access, automation, support, account, checks);
      return new ValidationReport(checks);
    }
    ProbeResult withId = probe.probe(automation, org.externalId(), actor, org.slug());
    checks.add(assumeCheck("check.automationAssumable", withId, automation, org.externalId()));
    ProbeResult supportResult = probe.probe(support, org.externalId(), actor, org.slug());
    checks.add(assumeCheck("check.supportAssumable", supportResult, support, org.externalId()));
    if (withId.assumed()) {
      checks.add(withId.accountId().equals(account)
          ? ok("check.accountMatches", "check.accountMatches.ok", withId.accountId())
          : fail("check.accountMatches", "check.accountMatches.differ", withId.accountId(), account));
      checks.add(refusal("check.externalIdRequired", probe.probe(automation, null, actor, org.slug()),
          "check.externalIdRequired.ok", "check.externalIdRequired.missing", automation, org.externalId()));
      checks.add(refusal("check.wrongExternalIdRefused",
          probe.probeWithWrongExternalId(automation, org.externalId(), actor, org.slug()),
          "check.wrongExternalIdRefused.ok", "check.externalIdRequired.missing", automation, org.externalId()));
      permissionChecks(permissions.check(automation, org.externalId(), null, actor, org.slug(),
          installation.awsRegion()), automation, checks);
    }
    if (supportResult.assumed()) {
      checks.add(refusal("check.externalIdRequiredSupport", probe.probe(support, null, actor, org.slug()),
          "check.externalIdRequired.ok", "check.externalIdRequired.missing", support, org.externalId()));
    }
    return new ValidationReport(checks);
  }

  /**
   * Web identity: the automation role takes the binder's own ID token and lands in the named account, and
   * refuses Roleport's principal; the support role (the one Roleport assumes) requires the ExternalId.
   */
  private void webIdentityChecks(OrgAccess access, RoleArn automation, RoleArn support, String account,
      List<Check> checks) {
    Organization org = access.organization();
    Caller caller = access.caller();
    var token = webIdentityAccess.usableToken(caller);
    if (token.isEmpty()) {
      checks.add(fail("check.automationWebIdentity", "check.webIdentity.signInAgain", installation.corporateIssuer()));
    } else {
      try {
        SessionCredentials session = webIdentity.assume(automation, token.get(), caller.subject());
        checks.add(ok("check.automationWebIdentity", "check.webIdentity.ok", caller.subject()));
        String reached = webIdentity.accountOf(session);
        checks.add(reached.equals(account)
            ? ok("check.accountMatches", "check.accountMatches.ok", reached)
            : fail("check.accountMatches", "check.accountMatches.differ", reached, account));
        AwsPermissionProbe.PermissionResult result = permissions.check(automation, null, session, caller.subject(),
            org.slug(), installation.awsRegion());
        if (result.answered()) {
          result = result.withRoleProblems(WebIdentityAccessRoles.refusing(webIdentity, account,
              installation.corporateIssuer(), token.get(), caller.subject(), result.roles().stream()
                  .filter(r -> !r.exists()).map(AwsPermissionProbe.RoleProblem::roleArn)
                  .collect(java.util.stream.Collectors.toSet())));
        }
        permissionChecks(result, automation, checks);
      } catch (CloudException e) {
        checks.add(fail("check.automationWebIdentity", "check.webIdentity.refused", automation.value(),
            caller.subject(), TrustPolicy.hostPath(installation.corporateIssuer()), installation.corporateClientId(),
            e.code() + ": " + e.getMessage()));
      }
    }
    ProbeResult supportResult = probe.probe(support, org.externalId(), caller.subject(), org.slug());
    checks.add(assumeCheck("check.supportAssumable", supportResult, support, org.externalId()));
    ProbeResult automationByRoleport = probe.probe(automation, org.externalId(), caller.subject(), org.slug());
    checks.add(automationByRoleport.assumed()
        ? fail("check.roleportRefused", "check.webIdentity.principalTrusted", automation.value(),
            installation.awsPrincipalArn())
        : automationByRoleport.deniedAccess()
            ? ok("check.roleportRefused", "check.webIdentity.principalRefused", automation.value())
            : unconfirmed("check.roleportRefused", automation, automationByRoleport));
    checks.add(refusal("check.externalIdRequiredSupport", probe.probe(support, null, caller.subject(), org.slug()),
        "check.externalIdRequired.ok", "check.externalIdRequired.missing", support, org.externalId()));
  }

  /**
   * Two checks from the policy simulation: every call the worker makes is allowed to the automation role (each missing
   * one named, with why Roleport needs it), and the two roles Roleport hands to EKS exist and trust their service. A
   * simulation that could not run proves nothing: both fail, with AWS's answer.
   */
  static void permissionChecks(AwsPermissionProbe.PermissionResult result, RoleArn automation, List<Check> checks) {
    if (!result.answered()) {
      String error = result.errorCode() + ": " + result.errorMessage();
      checks.add(fail("check.permissions", "check.permissions.unproven", automation.value(), error));
      checks.add(fail("check.eksRoles", "check.permissions.unproven", automation.value(), error));
      return;
    }
    if (result.denied().isEmpty()) {
      checks.add(ok("check.permissions", "check.permissions.ok", String.valueOf(result.simulated())));
    } else {
      String missing = String.join("; ", result.denied().stream()
          .map(d -> text("check.permissions.missingAction", d.action(),
              text(d.why(), AwsPermissions.CLUSTER_ROLE, AwsPermissions.NODE_ROLE), d.resource()))
          .toList());
      checks.add(fail("check.permissions", "check.permissions.missing", automation.value(), missing));
    }
    if (result.roles().isEmpty()) {
      checks.add(ok("check.eksRoles", "check.eksRoles.ok", AwsPermissions.CLUSTER_ROLE, AwsPermissions.NODE_ROLE));
    } else {
      String problems = String.join("; ", result.roles().stream().map(AwsOnboardingService::roleProblem).toList());
      checks.add(fail("check.eksRoles", "check.eksRoles.missing", problems));
    }
  }

  private static String roleProblem(AwsPermissionProbe.RoleProblem r) {
    if (!r.exists()) {
      return text("check.eksRoles.absent", r.roleArn());
    }
    List<String> parts = new ArrayList<>();
    if (!r.trusted()) {
      parts.add(text("check.eksRoles.untrusted", r.trustedService()));
    }
    if (!r.missingActions().isEmpty()) {
      parts.add(text("check.eksRoles.mayNotCall", String.join(", ", r.missingActions()),
          String.join(", ", r.managedPolicies())));
    }
    return text("check.eksRoles.problem", r.roleArn(), String.join(text("check.eksRoles.and"), parts));
  }

  /**
   * A text of messages.properties with its parameters: the parts of a check's detail that are sentences themselves
   * (why each call is needed, what is wrong with a role), so that every word the page shows is a message key.
   */
  static String text(String key, Object... args) {
    java.util.ResourceBundle bundle = java.util.ResourceBundle.getBundle("messages", java.util.Locale.ROOT,
        AwsOnboardingService.class.getClassLoader());
    return new java.text.MessageFormat(bundle.getString(key), java.util.Locale.ROOT).format(args);
  }

  /**
   * A check that a role refuses a call: passed only when AWS answered AccessDenied. A call that succeeded fails with
   * {@code missingKey}; any other answer (throttling, a 5xx, no answer) fails as unconfirmed: an unknown answer is
   * not a refusal.
   */
  static Check refusal(String name, ProbeResult result, String okKey, String missingKey, RoleArn role,
      ExternalId externalId) {
    if (result.assumed()) {
      return fail(name, missingKey, role.value(), externalId.value());
    }
    return result.deniedAccess() ? ok(name, okKey) : unconfirmed(name, role, result);
  }

  private static Check unconfirmed(String name, RoleArn role, ProbeResult result) {
    return fail(name, "check.refusal.unconfirmed", role.value(), String.valueOf(result.errorCode()),
        String.valueOf(result.errorMessage()));
  }

  private static RoleArn parse(String arn, String name, List<Check> checks) {
    try {
      RoleArn parsed = new RoleArn(arn);
      checks.add(ok(name, "check.arn.ok", parsed.accountId().value()));
      return parsed;
    } catch (DomainException e) {
      checks.add(fail(name, "check.arn.invalid", arn == null ? "" : arn));
      return null;
    }
  }

  private Check assumeCheck(String name, ProbeResult result, RoleArn role, ExternalId externalId) {
    if (result.assumed()) {
      return ok(name, "check.assumed.ok", result.sessionArn());
    }
    String detail = switch (String.valueOf(result.errorCode())) {
      case "AccessDenied" -> "check.assumed.accessDenied";
      case "InvalidClientTokenId", "SignatureDoesNotMatch" -> "check.assumed.installationCredentials";
      case "ValidationError" -> "check.assumed.invalid";
      default -> "check.assumed.unreachable";
    };
    return fail(name, detail, role.value(), installation.awsPrincipalArn(), externalId.value(),
        String.valueOf(result.errorMessage()));
  }

  private static Check ok(String name, String detail, String... args) {
    return new Check(name, true, detail, List.of(args));
  }

  private static Check fail(String name, String detail, String... args) {
    return new Check(name, false, detail, List.of(args));
  }
}
