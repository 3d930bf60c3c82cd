package io.roleport.infrastructure.config;

import io.roleport.application.InstallationProfile;
import io.roleport.domain.AzureClientId;
import io.roleport.domain.AzureSubscriptionId;
import io.roleport.domain.AzureTenantId;
import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place that declares Roleport's settings. Each is read through MicroProfile Config, so a system
 * property ({@code roleport.db.url}) or an environment variable ({@code ROLEPORT_DB_URL}) sets it; see
 * {@code config/roleport.properties.example} for a production example. The data source reads
 * {@code roleport.db.url}, {@code roleport.db.user} and {@code roleport.db.password} directly (see
 * {@link io.roleport.infrastructure.persistence.Migrations}).
 */
@ApplicationScoped
public class Settings implements InstallationProfile {

  /** The database (MariaDB); {@code roleport.db.user} is the runtime user, which needs data rights only. */
  @Inject @ConfigProperty(name = "roleport.db.url") String dbUrl;

  /**
   * The user that owns the schema and runs the migrations at start (CREATE, ALTER, INDEX, TRIGGER, ...). Empty:
   * the runtime user migrates, and then needs those rights too (local mode without split users only).
   */
  @Inject @ConfigProperty(name = "roleport.db.migration-user") Optional<String> dbMigrationUser;

  /** The migration user's password; never logged. */
  @Inject @ConfigProperty(name = "roleport.db.migration-password") Optional<String> dbMigrationPassword;

  /**
   * Migrate the schema when the application starts (default). False when migrations run as their own step
   * before the instances start (several instances, a Kubernetes Job): the application then only refuses to start
   * on a schema older than it needs.
   */
  @Inject @ConfigProperty(name = "roleport.db.migrate-on-start", defaultValue = "true") boolean dbMigrateOnStart;

  /** Issuer URL of the OpenID Connect provider (the corporate IdP); its discovery document is read. */
  @Inject @ConfigProperty(name = "roleport.oidc.issuer") String oidcIssuer;

  /** Client id registered for Roleport at the IdP. */
  @Inject @ConfigProperty(name = "roleport.oidc.client-id", defaultValue = "roleport") String oidcClientId;

  /** Client secret registered for Roleport at the IdP. */
  @Inject @ConfigProperty(name = "roleport.oidc.client-secret") String oidcClientSecret;

  /** Scopes asked for at sign-in (space-separated); some IdPs need an extra scope for groups. */
  @Inject @ConfigProperty(name = "roleport.oidc.scopes", defaultValue = "openid profile email") String oidcScopes;

  /** The claim holding the user's stable id (used as the AWS SourceIdentity): {@code sub}, {@code oid} (Entra ID). */
  @Inject @ConfigProperty(name = "roleport.oidc.subject-claim", defaultValue = "sub") String subjectClaim;

  /** The claim shown as the user's name: {@code preferred_username}, {@code name}, {@code email}. */
  @Inject @ConfigProperty(name = "roleport.oidc.name-claim", defaultValue = "preferred_username") String nameClaim;

  /** Where the groups claim is read: {@code id_token} or {@code userinfo}. */
  @Inject @ConfigProperty(name = "roleport.oidc.groups-source", defaultValue = "id_token") String groupsSource;

  /** The ID-token claim that lists the user's groups. */
  @Inject @ConfigProperty(name = "roleport.oidc.groups-claim", defaultValue = "groups") String groupsClaim;

  /** IdP groups whose members are platform operators (see every organization). */
  @Inject @ConfigProperty(name = "roleport.platform-admin-groups", defaultValue = "roleport-operators")
  List<String> platformAdminGroups;

  /** IdP groups whose members are support staff. */
  @Inject @ConfigProperty(name = "roleport.support-groups", defaultValue = "roleport-support")
  List<String> supportGroups;

  /**
   * After signing out at the provider, come back to the portal ({@code post_logout_redirect_uri} = the portal's
   * home, which must be registered at the provider as a valid post-logout redirect URI); false to end on the
   * provider's own signed-out page.
   */
  @Inject @ConfigProperty(name = "roleport.oidc.post-logout-redirect", defaultValue = "true")
  boolean postLogoutRedirect;

  /**
   * Let ISV administrators register a third party's identity provider at a plain-http URL or at a loopback,
   * private or link-local address (local mode and tests only; production: https and public addresses only).
   */
  @Inject @ConfigProperty(name = "roleport.thirdparty-idp.allow-insecure", defaultValue = "false")
  boolean thirdPartyIdpAllowInsecure;

  /** The portal's public base URL (behind a proxy); empty to derive it from each request. */
  @Inject @ConfigProperty(name = "roleport.public-url") Optional<String> publicUrl;

  /**
   * How long a sign-in lasts at most, however active the person is (ISO-8601 duration, default 8 hours). After
   * it the person signs in again, and the identity provider is asked to re-authenticate anyone whose own
   * authentication is older than this ({@code max_age}).
   */
  @Inject @ConfigProperty(name = "roleport.session.max-lifetime", defaultValue = "PT8H")
  java.time.Duration sessionMaxLifetime;

  /** Sign-in attempts per minute from one network address (then refused with 429 until the minute ends). */
  @Inject @ConfigProperty(name = "roleport.limits.signins-per-minute-per-address", defaultValue = "30")
  int signInsPerMinutePerAddress;

  /** Completed sign-ins per minute of one person. */
  @Inject @ConfigProperty(name = "roleport.limits.signins-per-minute-per-person", defaultValue = "10")
  int signInsPerMinutePerPerson;

  /** Validations and access checks (each calls the customer's cloud) per minute of one person. */
  @Inject @ConfigProperty(name = "roleport.limits.validations-per-minute-per-person", defaultValue = "10")
  int validationsPerMinutePerPerson;

  /** Validations and access checks per minute from one network address. */
  @Inject @ConfigProperty(name = "roleport.limits.validations-per-minute-per-address", defaultValue = "30")
  int validationsPerMinutePerAddress;

  /** Organizations one person may create in 24 hours. */
  @Inject @ConfigProperty(name = "roleport.quota.organizations-per-person-per-day", defaultValue = "10")
  int organizationsPerPersonPerDay;

  /** Live clusters one organization may keep in the installation's shared default account. */
  @Inject @ConfigProperty(name = "roleport.quota.default-account-clusters-per-organization", defaultValue = "10")
  int defaultAccountClustersPerOrganization;

  /** How long a session without any request lives (ISO-8601 duration, default 30 minutes). */
  @Inject @ConfigProperty(name = "roleport.session.idle-timeout", defaultValue = "PT30M")
  java.time.Duration sessionIdleTimeout;

  /**
   * How long a worker's claim on an operation lasts (ISO-8601, default 60 s): an instance killed in a step is
   * replaced by another one after at most this long. Must be longer than any single step.
   */
  @Inject @ConfigProperty(name = "roleport.worker.lease", defaultValue = "PT60S") java.time.Duration workerLease;

  /**
   * On SIGTERM, how long the instance waits for the step in flight (ISO-8601, default 20 s) before it exits anyway;
   * keep it below the orchestrator's own grace (Kubernetes: terminationGracePeriodSeconds, default 30 s).
   */
  @Inject @ConfigProperty(name = "roleport.shutdown.grace", defaultValue = "PT20S") java.time.Duration shutdownGrace;

  @Override
  public java.time.Duration workerLease() {
    return workerLease;
  }

  @Override
  public java.time.Duration shutdownGrace() {
    return shutdownGrace;
  }

  /** Override of every AWS endpoint (the cloud simulator in local mode and tests); empty for real AWS. */
  @Inject @ConfigProperty(name = "roleport.aws.endpoint") Optional<String> awsEndpoint;

  /** Region for STS calls. */
  @Inject @ConfigProperty(name = "roleport.aws.region", defaultValue = "eu-west-1") String awsRegion;

  /** Access key of the installation principal; empty to use the default chain (instance role, env). */
  @Inject @ConfigProperty(name = "roleport.aws.access-key-id") Optional<String> awsAccessKeyId;

  /** Secret of that access key; never logged. */
  @Inject @ConfigProperty(name = "roleport.aws.secret-access-key") Optional<String> awsSecretAccessKey;

  /** ARN of the installation principal customers trust in their roles. */
  @Inject @ConfigProperty(name = "roleport.aws.principal-arn") String awsPrincipalArn;

  /** Role in the installation's default workload account. */
  @Inject @ConfigProperty(name = "roleport.aws.default-role-arn") String defaultRoleArn;

  /** ExternalId the default workload role requires. */
  @Inject @ConfigProperty(name = "roleport.aws.default-external-id") String defaultExternalId;

  /** Seconds an assumed session lives (AWS allows 900 to the role's maximum). */
  @Inject @ConfigProperty(name = "roleport.aws.session-seconds", defaultValue = "3600") int sessionSeconds;

  /**
   * Seconds a person's ID token must still be valid to be exchanged for a session in an account that trusts
   * people's own sign-in (web identity); with less left, Roleport asks them to sign in again.
   */
  @Inject @ConfigProperty(name = "roleport.aws.web-identity-token-margin-seconds", defaultValue = "60")
  int webIdentityTokenMarginSeconds;

  /** AWS console federation endpoint; defaults to the simulator's when an endpoint override is set. */
  @Inject @ConfigProperty(name = "roleport.aws.federation-endpoint") Optional<String> awsFederationEndpoint;

  /** Where a console sign-in lands. */
  @Inject @ConfigProperty(name = "roleport.aws.console-url", defaultValue = "https://console.aws.amazon.com/")
  String awsConsoleUrl;

  /** Load the demo organizations and group mappings (local mode and tests only). */
  @Inject @ConfigProperty(name = "roleport.demo-data", defaultValue = "false") boolean demoData;

  /** AES-256 key (base64 of 32 bytes) that seals stored secrets; required once a secret is stored. */
  @Inject @ConfigProperty(name = "roleport.crypto.key") Optional<String> cryptoKey;

  /** Id of {@code roleport.crypto.key}, stored next to every ciphertext so keys can be rotated. */
  @Inject @ConfigProperty(name = "roleport.crypto.key-id", defaultValue = "k1") String cryptoKeyId;

  /** Earlier keys, still needed to open older secrets during a key rotation: {@code id:base64,id:base64}. */
  @Inject @ConfigProperty(name = "roleport.crypto.previous-keys") Optional<String> cryptoPreviousKeys;

  /** At start, re-encrypt every stored secret under the current key (after a key rotation; see docs/azure.md). */
  @Inject @ConfigProperty(name = "roleport.crypto.reencrypt-on-start", defaultValue = "false") boolean reencryptOnStart;

  /** Entra ID authority (token endpoint host); the Azure simulator in local mode and tests. */
  @Inject @ConfigProperty(name = "roleport.azure.authority-host", defaultValue = "https://login.microsoftonline.com/")
  String azureAuthorityHost;

  /** Azure Resource Manager endpoint; the Azure simulator in local mode and tests. */
  @Inject @ConfigProperty(name = "roleport.azure.resource-manager-endpoint",
      defaultValue = "https://management.azure.com/") String azureResourceManagerEndpoint;

  /** PKCS12 truststore for Azure endpoints (the simulator's self-signed certificate); empty for the JDK's. */
  @Inject @ConfigProperty(name = "roleport.azure.truststore") Optional<String> azureTruststore;

  /** Password of {@code roleport.azure.truststore}. */
  @Inject @ConfigProperty(name = "roleport.azure.truststore-password") Optional<String> azureTruststorePassword;

  /** Tenant of the installation's default Azure subscription (for organizations without a binding). */
  @Inject @ConfigProperty(name = "roleport.azure.default-tenant-id") Optional<String> azureDefaultTenantId;

  /** The installation's default Azure subscription; empty when the installation offers no Azure default. */
  @Inject @ConfigProperty(name = "roleport.azure.default-subscription-id") Optional<String> azureDefaultSubscriptionId;

  /** Client id of the installation's service principal in the default subscription. */
  @Inject @ConfigProperty(name = "roleport.azure.default-client-id") Optional<String> azureDefaultClientId;

  /** Client secret of that service principal; never logged. */
  @Inject @ConfigProperty(name = "roleport.azure.default-client-secret") Optional<String> azureDefaultClientSecret;

  /**
   * Issuer URL of the workload identity tokens Roleport signs (Azure federated mode); Entra ID reads
   * {@code <issuer>/.well-known/openid-configuration} and its JWKS there, so it must be public and reach this
   * installation's {@code /workload-identity} path. Empty: {@code <roleport.public-url>/workload-identity}.
   */
  @Inject @ConfigProperty(name = "roleport.workload-identity.issuer") Optional<String> workloadIssuer;

  /**
   * The private key that signs workload identity tokens: an RSA private JWK (JSON, with its {@code kid}) or a
   * PKCS#8 PEM ({@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048}; its kid is then its
   * RFC 7638 thumbprint). Required for federated mode; never logged and never published (only its public part is).
   */
  @Inject @ConfigProperty(name = "roleport.workload-identity.signing-key") Optional<String> workloadSigningKey;

  /**
   * Further keys whose public part the JWKS also publishes during a rotation (the previous key, or the next one
   * before it signs): JWKs or a JWK set (JSON), or PEM blocks (public or private; only public parts are served).
   */
  @Inject @ConfigProperty(name = "roleport.workload-identity.previous-keys") Optional<String> workloadPreviousKeys;

  /** The audience of the workload tokens (what a federated credential on the Azure app expects). */
  @Inject @ConfigProperty(name = "roleport.azure.workload-audience", defaultValue = "api://AzureADTokenExchange")
  String azureWorkloadAudience;

  @Override
  public Optional<AzureDefault> azureDefault() {
    if (azureDefaultSubscriptionId.filter(s -> !s.isBlank()).isEmpty() || azureDefaultTenantId.isEmpty()
        || azureDefaultClientId.isEmpty() || azureDefaultClientSecret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AzureDefault(new AzureTenantId(azureDefaultTenantId.get()),
        new AzureSubscriptionId(azureDefaultSubscriptionId.get()), new AzureClientId(azureDefaultClientId.get()),
        azureDefaultClientSecret.get()));
  }

  @Override
  public Optional<String> workloadIdentityIssuer() {
    return workloadIssuer.filter(s -> !s.isBlank()).map(Settings::stripSlash)
        .or(() -> publicUrl().map(url -> url + "/workload-identity"));
  }

  public Optional<String> workloadSigningKey() {
    return workloadSigningKey.filter(s -> !s.isBlank());
  }

  public Optional<String> workloadPreviousKeys() {
    return workloadPreviousKeys.filter(s -> !s.isBlank());
  }

  private static String stripSlash(String url) {
    String u = url.strip();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  public Optional<String> cryptoKey() {
    return cryptoKey.filter(s -> !s.isBlank());
  }

  public boolean reencryptOnStart() {
    return reencryptOnStart;
  }

  public String cryptoKeyId() {
    return cryptoKeyId;
  }

  public Optional<String> cryptoPreviousKeys() {
    return cryptoPreviousKeys.filter(s -> !s.isBlank());
  }

  /** The authority host without a trailing slash. */
  public String azureAuthorityHost() {
    return azureAuthorityHost.endsWith("/") ? azureAuthorityHost.substring(0, azureAuthorityHost.length() - 1)
        : azureAuthorityHost;
  }

  /** The ARM endpoint with a trailing slash. */
  public String azureResourceManagerEndpoint() {
    return azureResourceManagerEndpoint.endsWith("/") ? azureResourceManagerEndpoint
        : azureResourceManagerEndpoint + "/";
  }

  public Optional<String> azureTruststore() {
    return azureTruststore.filter(s -> !s.isBlank());
  }

  public Optional<String> azureTruststorePassword() {
    return azureTruststorePassword;
  }

  @Override
  public String workloadIdentityAudience() {
    return azureWorkloadAudience;
  }

  public String azureWorkloadAudience() {
    return azureWorkloadAudience;
  }

  @Override
  public String awsPrincipalArn() {
    return awsPrincipalArn;
  }

  @Override
  public RoleArn defaultWorkloadRole() {
    return new RoleArn(defaultRoleArn);
  }

  @Override
  public ExternalId defaultWorkloadExternalId() {
    return new ExternalId(defaultExternalId);
  }

  @Override
  public String corporateIssuer() {
    return oidcIssuer();
  }

  @Override
  public String corporateClientId() {
    return oidcClientId();
  }

  @Override
  public java.time.Duration webIdentityTokenMargin() {
    return java.time.Duration.ofSeconds(webIdentityTokenMarginSeconds);
  }

  public String oidcIssuer() {
    return oidcIssuer;
  }

  public String oidcClientId() {
    return oidcClientId;
  }

  public String oidcClientSecret() {
    return oidcClientSecret;
  }

  public Optional<String> publicUrl() {
    return publicUrl.filter(s -> !s.isBlank()).map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }

  public boolean thirdPartyIdpAllowInsecure() {
    return thirdPartyIdpAllowInsecure;
  }

  public boolean postLogoutRedirect() {
    return postLogoutRedirect;
  }

  public List<String> oidcScopes() {
    return List.of(oidcScopes.trim().split("\\s+"));
  }

  public String subjectClaim() {
    return subjectClaim;
  }

  public String nameClaim() {
    return nameClaim;
  }

  /** Whether groups come from the userinfo endpoint rather than the ID token. */
  public boolean groupsFromUserInfo() {
    return "userinfo".equalsIgnoreCase(groupsSource.trim());
  }

  public String groupsClaim() {
    return groupsClaim;
  }

  public List<String> platformAdminGroups() {
    return platformAdminGroups;
  }

  public List<String> supportGroups() {
    return supportGroups;
  }

  public Optional<String> awsEndpoint() {
    return awsEndpoint.filter(s -> !s.isBlank());
  }

  public String awsRegion() {
    return awsRegion;
  }

  public Optional<String> awsAccessKeyId() {
    return awsAccessKeyId.filter(s -> !s.isBlank());
  }

  public Optional<String> awsSecretAccessKey() {
    return awsSecretAccessKey.filter(s -> !s.isBlank());
  }

  public String awsFederationEndpoint() {
    return awsFederationEndpoint.filter(s -> !s.isBlank())
        .orElseGet(() -> awsEndpoint().map(e -> e + "/federation").orElse("https://signin.aws.amazon.com/federation"));
  }

  public String awsConsoleUrl() {
    return awsConsoleUrl;
  }

  public int sessionSeconds() {
    return sessionSeconds;
  }

  public boolean demoData() {
    return demoData;
  }

  @Override
  public Limits limits() {
    return new Limits(signInsPerMinutePerAddress, signInsPerMinutePerPerson, validationsPerMinutePerPerson,
        validationsPerMinutePerAddress, organizationsPerPersonPerDay, defaultAccountClustersPerOrganization);
  }

  public String dbUrl() {
    return dbUrl;
  }

  /** The migration user and its password, when the schema has an owner of its own. */
  public Optional<String[]> dbMigrationCredentials() {
    return dbMigrationUser.filter(u -> !u.isBlank())
        .map(u -> new String[] {u, dbMigrationPassword.orElse("")});
  }

  public boolean dbMigrateOnStart() {
    return dbMigrateOnStart;
  }

  public java.time.Duration sessionMaxLifetime() {
    return sessionMaxLifetime;
  }

  public java.time.Duration sessionIdleTimeout() {
    return sessionIdleTimeout;
  }
}
