package io.roleport.application.onboarding;

import io.roleport.application.AzureCredentials;
import io.roleport.application.InstallationProfile;
import io.roleport.application.SecretCipher;
import io.roleport.application.access.Caller;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.onboarding.AzureAccountProbe.Outcome;
import io.roleport.application.onboarding.AzureAccountProbe.ProbeResult;
import io.roleport.application.onboarding.ValidationReport.Check;
import io.roleport.domain.AzureAuthMode;
import io.roleport.domain.AzureBinding;
import io.roleport.domain.AzureClientId;
import io.roleport.domain.AzureSecretVersion;
import io.roleport.domain.AzureSubscriptionId;
import io.roleport.domain.AzureTenantId;
import io.roleport.domain.DomainException;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Binds an organization to its own Azure subscription through one service principal, once, and rotates
 * that principal's client secret. Every secret is proven with real Entra ID and ARM calls before it is
 * stored (at binding and again at rotation, where it must be the same client in the same tenant reading
 * the same subscription); it is stored only sealed by the {@link SecretCipher}, and shown only as a
 * fingerprint.
 */
@ApplicationScoped
public class AzureOnboardingService {
  /** How long before a secret's expiry the pages warn. */
  public static final Duration EXPIRY_WARNING = Duration.ofDays(30);
  /** Shown in place of the issuer when the installation publishes none (an operator must configure it). */
  static final String ISSUER_NOT_CONFIGURED = "<roleport.public-url or roleport.workload-identity.issuer not configured>";
  @Inject TenantGuard guard;
  @Inject OrganizationRepository organizations;
  @Inject AzureAccountProbe probe;
  @Inject SecretCipher cipher;
  @Inject InstallationProfile installation;
  @Inject AuditTrail audit;
  @Inject PassedValidations passed;
  @Inject Clock clock;

  /** What a passed Azure validation is remembered under (with the organization and the person). */
  private static final String KIND = "azure";

  @Transactional
  public AzureInstructions instructions(Caller caller, String slug) {
    Organization org = guard.require(caller, slug).organization();
    String app = "roleport-" + org.slug();
    String secret = """
        az login --tenant <TENANT_ID>
        az account set --subscription <SUBSCRIPTION_ID>
        # The role Roleport needs, with exactly the actions it performs (once per tenant; docs/azure-permissions.md).
        az role definition create --role-definition '%2$s'
        # Creates the app registration, its service principal and a client secret.
        # Note appId (the client id), password (the client secret) and tenant.
        az ad sp create-for-rbac --name %1$s --years 1
        # That role on the subscription. The condition lets it assign only the three AKS RBAC roles (who may do
        # what inside your clusters), so it can never give itself or anyone more.
        az role assignment create --assignee <CLIENT_ID> --role "%3$s" \\
          --scope /subscriptions/<SUBSCRIPTION_ID> --condition-version 2.0 \\
          --condition "%4$s"
        # Later, to rotate: add a new secret to the same app and paste it into Roleport.
        az ad app credential reset --id <CLIENT_ID> --append --display-name roleport-rotation --years 1
        """.formatted(app, AzurePermissions.customRoleJson("<SUBSCRIPTION_ID>"), AzurePermissions.ROLE_NAME,
        AzurePermissions.assignmentCondition());
    String issuer = installation.workloadIdentityIssuer().orElse(ISSUER_NOT_CONFIGURED);
    String subject = org.workloadSubject();
    String audience = installation.workloadIdentityAudience();
    String federated = """
        az login --tenant <TENANT_ID>
        az ad app create --display-name %1$s --query appId -o tsv      # prints <CLIENT_ID>
        az ad sp create --id <CLIENT_ID>
        # Trust Roleport's workload identity issuer for this organization's subject only.
        az ad app federated-credential create --id <CLIENT_ID> \\
          --parameters '{"name":"roleport","issuer":"%2$s","subject":"%3$s","audiences":["%4$s"]}'
        # The role Roleport needs, with exactly the actions it performs (once per tenant; docs/azure-permissions.md).
        az role definition create --role-definition '%5$s'
        az role assignment create --assignee <CLIENT_ID> --role "%6$s" \\
          --scope /subscriptions/<SUBSCRIPTION_ID> --condition-version 2.0 \\
          --condition "%7$s"
        """.formatted(app, issuer, subject, audience, AzurePermissions.customRoleJson("<SUBSCRIPTION_ID>"),
        AzurePermissions.ROLE_NAME, AzurePermissions.assignmentCondition());
    return new AzureInstructions(app, secret, federated, issuer, subject, audience);
  }

  /** Runs every check and reports each one (client-secret mode); stores nothing. */
  @Transactional
  public ValidationReport validate(Caller caller, String slug, String tenantId, String subscriptionId,
      String clientId, String clientSecret) {
    return validate(caller, slug, AzureAuthMode.SECRET, tenantId, subscriptionId, clientId, clientSecret);
  }

  /**
   * Runs every check in the given mode and reports each one; stores nothing. In {@link AzureAuthMode#FEDERATED}
   * mode the secret is ignored: Roleport signs in with its workload identity as a client assertion.
   */
  @Transactional
  public ValidationReport validate(Caller caller, String slug, AzureAuthMode mode, String tenantId,
      String subscriptionId, String clientId, String clientSecret) {
    OrgAccess access = guard.require(caller, slug);
    access.requireBind();
    ValidationReport report = check(access.organization(), mode, tenantId, subscriptionId, clientId, clientSecret);
    String secret = mode == AzureAuthMode.FEDERATED ? null : clientSecret; // ignored in federated mode
    if (report.passed()) {
      passed.remember(access, KIND, mode.name(), tenantId, subscriptionId, clientId, secret);
    } else {
      passed.forget(access, KIND, mode.name(), tenantId, subscriptionId, clientId, secret);
    }
    return report;
  }

  /**
   * Stores the binding with the secret as its version 1, when every check passes: a validation of the same inputs
   * (the secret too) by the same person that passed less than {@link PassedValidations#FRESH_FOR} ago stands for the
   * checks (once); otherwise they run again here.
   *
   * @param expiresOn the secret's expiry as the customer entered it, or {@code null}
   * @throws DomainException {@code binding.alreadySet} when the organization has any cloud binding,
   *     {@code binding.validationFailed} when a check fails; nothing is stored in either case
   */
  @Transactional
  public AzureBinding bind(Caller caller, String slug, String tenantId, String subscriptionId, String clientId,
      String clientSecret, Instant expiresOn) {
    return bind(caller, slug, AzureAuthMode.SECRET, tenantId, subscriptionId, clientId, clientSecret, expiresOn);
  }

  /**
   * As {@link #bind(Caller, String, String, String, String, String, Instant)} in the given mode: a
   * {@link AzureAuthMode#FEDERATED} binding stores no secret version (the secret and expiry are ignored).
   */
  @Transactional
  public AzureBinding bind(Caller caller, String slug, AzureAuthMode mode, String tenantId, String subscriptionId,
      String clientId, String clientSecret, Instant expiresOn) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    try {
      access.requireBind();
      organizations.lock(org);
      if (org.isBound()) {
        throw new DomainException("binding.alreadySet", org.azureBinding().map(b -> b.subscriptionId().value())
            .orElseGet(() -> org.awsBinding().orElseThrow().accountId().value()));
      }
      String secret = mode == AzureAuthMode.FEDERATED ? null : clientSecret;
      if (!passed.take(access, KIND, mode.name(), tenantId, subscriptionId, clientId, secret)) {
        ValidationReport report = check(org, mode, tenantId, subscriptionId, clientId, clientSecret);
        if (!report.passed()) {
          throw new DomainException("binding.validationFailed", refusal(mode, tenantId, clientId, report));
        }
      }
      Instant now = clock.instant();
      AzureBinding binding = org.bindAzure(new AzureTenantId(tenantId), new AzureSubscriptionId(subscriptionId),
          new AzureClientId(clientId), mode, caller.subject(), now);
      String how;
      if (mode == AzureAuthMode.FEDERATED) {
        how = " federated (issuer " + installation.workloadIdentityIssuer().orElse("-") + " subject "
            + org.workloadSubject() + ")";
      } else {
        AzureSecretVersion version = seal(binding, clientSecret, expiresOn, now);
        how = " secret v" + version.versionNo() + " fingerprint " + version.fingerprint();
      }
      organizations.flush();
      audit.ok(caller.subject(), org.id(), binding.subscriptionId().value(), "binding.set",
          "azure tenant=" + binding.tenantId() + " client=" + binding.clientId() + how);
      return binding;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "binding.set", refused.key()
          + ("binding.validationFailed".equals(refused.key()) ? " " + refused.args()[0] : ""));
      throw refused;
    }
  }

  /** What the audit says about a refused binding: mode, ids entered and the first failed check with its code. */
  private static String refusal(AzureAuthMode mode, String tenantId, String clientId, ValidationReport report) {
    Check failed = report.checks().stream().filter(c -> !c.passed()).findFirst().orElseThrow();
    String code = failed.args().size() > 2 ? failed.args().get(2) : "";
    return "azure " + mode.name().toLowerCase(java.util.Locale.ROOT) + " tenant=" + tenantId + " client=" + clientId
        + ": " + failed.detailKey() + (code.isBlank() ? "" : " " + code);
  }

  /**
   * Appends a new client secret version after proving it: it must authenticate as the binding's client in
   * the binding's tenant and read the binding's subscription. Older versions stay, sealed.
   *
   * @throws DomainException {@code azure.rotation.refused} (with the check that failed) and nothing stored
   */
  @Transactional
  public AzureSecretVersion rotateSecret(Caller caller, String slug, String newSecret, Instant expiresOn) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    String account = org.azureBinding().map(b -> b.subscriptionId().value()).orElse(null);
    try {
      access.requireBind();
      organizations.lock(org);
      AzureBinding binding = org.azureBinding().orElseThrow(() -> new DomainException("azure.notBound", org.slug()));
      if (binding.mode() == AzureAuthMode.FEDERATED) {
        throw new DomainException("azure.secret.federated");
      }
      if (newSecret == null || newSecret.isBlank()) {
        throw new DomainException("azure.secret.required");
      }
      String fingerprint = fingerprint(newSecret);
      if (binding.secretVersions().stream().anyMatch(v -> v.fingerprint().equals(fingerprint))) {
        throw new DomainException("azure.rotation.sameSecret", fingerprint);
      }
      ProbeResult result = probe.probe(new AzureCredentials(binding.tenantId(), binding.subscriptionId(),
          binding.clientId(), newSecret));
      if (!result.token().ok()) {
        throw new DomainException("azure.rotation.refused", String.valueOf(result.token().code()),
            binding.clientId().value(), binding.tenantId().value(), binding.subscriptionId().value());
      }
      if (!result.subscription().ok() || !binding.tenantId().value().equals(result.subscriptionTenant())) {
        throw new DomainException("azure.rotation.refused", String.valueOf(result.subscription().code()),
            binding.clientId().value(), binding.tenantId().value(), binding.subscriptionId().value());
      }
      AzureSecretVersion version = seal(binding, newSecret, expiresOn, clock.instant());
      organizations.flush();
      audit.ok(caller.subject(), org.id(), account, "azure.secret.rotated",
          "secret v" + version.versionNo() + " fingerprint " + version.fingerprint());
      return version;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), account, "azure.secret.rotated", refused.key());
      throw refused;
    }
  }

  /** The organization's Azure binding without any secret, or empty when it has none. */
  @Transactional
  public Optional<AzureBindingView> binding(Caller caller, String slug) {
    return binding(guard.require(caller, slug));
  }

  /** As {@link #binding(Caller, String)}, for an organization the guard already admitted (no query without one). */
  @Transactional
  public Optional<AzureBindingView> binding(io.roleport.application.access.OrgAccess access) {
    Organization org = access.organization();
    Instant horizon = clock.instant().plus(EXPIRY_WARNING);
    return org.azureBinding().map(b -> {
      List<AzureSecretVersion> versions = b.secretVersions();
      List<AzureBindingView.SecretVersion> shown = new ArrayList<>();
      for (AzureSecretVersion v : versions) {
        boolean current = v == versions.get(versions.size() - 1);
        shown.add(new AzureBindingView.SecretVersion(v.versionNo(), v.fingerprint(), v.createdAt(),
            v.expiresOn().orElse(null), v.lastVerifiedAt().orElse(null), current, current && v.expiresBefore(horizon)));
      }
      return new AzureBindingView(b.tenantId().value(), b.subscriptionId().value(), b.clientId().value(),
          b.mode().name(), b.boundBy(), b.boundAt(), shown);
    });
  }

  /** First 12 hex digits of the secret's SHA-256: enough to tell versions apart, useless to guess the secret. */
  public static String fingerprint(String secret) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private AzureSecretVersion seal(AzureBinding binding, String secret, Instant expiresOn, Instant now) {
    SecretCipher.Sealed sealed = cipher.encrypt(secret,
        AzureSecretVersion.sealContext(binding.organization().id(), binding.nextSecretVersionNo()));
    return binding.rotateSecret(sealed.keyId(), sealed.ciphertext(), fingerprint(secret), expiresOn, now);
  }

  /**
   * The checks, as {@code org}: in federated mode the assertion carries {@code org}'s own workload subject, so an
   * app whose federated credential trusts another organization's subject is refused by Entra ID (AADSTS70021).
   */
  private ValidationReport check(Organization org, AzureAuthMode mode, String tenantId, String subscriptionId,
      String clientId, String secret) {
    boolean federated = mode == AzureAuthMode.FEDERATED;
    List<Check> checks = new ArrayList<>();
    AzureTenantId tenant = parse(() -> new AzureTenantId(tenantId), "check.azure.tenantId", tenantId, checks);
    AzureSubscriptionId subscription = parse(() -> new AzureSubscriptionId(subscriptionId),
        "check.azure.subscriptionId", subscriptionId, checks);
    AzureClientId client = parse(() -> new AzureClientId(clientId), "check.azure.clientId", clientId, checks);
    boolean noSecret = !federated && (secret == null || secret.isBlank());
    if (noSecret) {
      checks.add(fail("check.azure.secret", "check.azure.secret.missing"));
    }
    if (tenant == null || subscription == null || client == null || noSecret) {
      return new ValidationReport(checks);
    }
    if (installation.azureDefault().map(d -> d.subscriptionId().equals(subscription)).orElse(false)) {
      checks.add(fail("check.azure.subscription", "check.azure.subscription.isDefault", subscription.value()));
      return new ValidationReport(checks);
    }
    ProbeResult result = probe.probe(federated
        ? AzureCredentials.federated(tenant, subscription, client, org.workloadSubject())
        : new AzureCredentials(tenant, subscription, client, secret));
    Outcome token = result.token();
    checks.add(token.ok()
        ? ok("check.azure.token", federated ? "check.azure.token.federatedOk" : "check.azure.token.ok",
            client.value(), tenant.value())
        : fail("check.azure.token", tokenWords(token.code()), client.value(), tenant.value(),
            String.valueOf(token.code()), String.valueOf(token.message()), org.workloadSubject()));
    if (!token.ok()) {
      return new ValidationReport(checks);
    }
    Outcome sub = result.subscription();
    if (sub.ok() && !tenant.value().equals(result.subscriptionTenant())) {
      checks.add(fail("check.azure.subscription", "check.azure.subscription.wrongTenant", subscription.value(),
          tenant.value(), String.valueOf(result.subscriptionTenant())));
      return new ValidationReport(checks);
    }
    checks.add(sub.ok()
        ? ok("check.azure.subscription", "check.azure.subscription.ok", subscription.value(),
            String.valueOf(result.subscriptionName()))
        : fail("check.azure.subscription", armWords(sub.code(), "check.azure.subscription.failed"),
            subscription.value(), client.value(), tenant.value(), String.valueOf(sub.code()),
            String.valueOf(sub.message())));
    Outcome groups = result.resourceGroups();
    checks.add(groups != null && groups.ok()
        ? ok("check.azure.role", "check.azure.role.ok", subscription.value())
        : fail("check.azure.role", groups == null ? "check.azure.role.notChecked"
            : armWords(groups.code(), "check.azure.role.failed"), subscription.value(), client.value(),
            tenant.value(), groups == null ? "" : String.valueOf(groups.code()),
            groups == null ? "" : String.valueOf(groups.message())));
    checks.add(permissionsCheck(result.permissions(), subscription, client));
    return new ValidationReport(checks);
  }

  /** Whether the principal's roles allow every action Roleport performs, naming those they do not. */
  private static Check permissionsCheck(io.roleport.application.onboarding.AzureAccountProbe.Permissions permissions,
      AzureSubscriptionId subscription, AzureClientId client) {
    if (permissions == null) {
      return fail("check.azure.permissions", "check.azure.permissions.notChecked");
    }
    if (!permissions.outcome().ok()) {
      return fail("check.azure.permissions", "check.azure.permissions.failed", subscription.value(),
          permissions.probeGroup(), String.valueOf(permissions.outcome().code()),
          String.valueOf(permissions.outcome().message()));
    }
    return permissions.missing().isEmpty()
        ? ok("check.azure.permissions", "check.azure.permissions.ok", subscription.value(), permissions.probeGroup())
        : fail("check.azure.permissions", "check.azure.permissions.missing", subscription.value(),
            String.join(", ", permissions.missing()), client.value(), AzurePermissions.ROLE_NAME);
  }

  /** Entra ID's AADSTS codes in plain words (message keys). */
  static String tokenWords(String code) {
    return switch (String.valueOf(code)) {
      case "AADSTS7000215" -> "check.azure.token.wrongSecret";
      case "AADSTS700016" -> "check.azure.token.unknownApp";
      case "AADSTS90002" -> "check.azure.token.unknownTenant";
      case "AADSTS7000222" -> "check.azure.token.expiredSecret";
      case "Unreachable" -> "check.azure.token.unreachable";
      // no federated credential for Roleport's issuer + this organization's subject (older and newer codes)
      case "AADSTS70021", "AADSTS700211", "AADSTS700213", "AADSTS7002138" -> "check.azure.token.noFederatedCredential";
      case "AADSTS700212" -> "check.azure.token.federatedAudience";
      case "AADSTS700024" -> "check.azure.token.assertionExpired";
      case "AADSTS700027", "AADSTS50166" -> "check.azure.token.issuerNotVerified";
      case "WorkloadToken" -> "check.azure.token.workloadToken";
      default -> "check.azure.token.failed";
    };
  }

  /** ARM's error codes in plain words (message keys). */
  static String armWords(String code, String fallback) {
    return switch (String.valueOf(code)) {
      case "AuthorizationFailed" -> "check.azure.role.missing";
      case "InvalidAuthenticationTokenTenant" -> "check.azure.subscription.wrongTenant";
      case "SubscriptionNotFound" -> "check.azure.subscription.notFound";
      default -> fallback;
    };
  }

  private static <T> T parse(java.util.function.Supplier<T> parser, String name, String raw, List<Check> checks) {
    try {
      T value = parser.get();
      checks.add(ok(name, "check.azure.guid.ok", value.toString()));
      return value;
    } catch (DomainException e) {
      checks.add(fail(name, "check.azure.guid.invalid", raw == null ? "" : raw));
      return null;
    }
  }

  private static Check ok(String name, String detail, String... args) {
    return new Check(name, true, detail, List.of(args));
  }

  private static Check fail(String name, String detail, String... args) {
    return new Check(name, false, detail, List.of(args));
  }
}
