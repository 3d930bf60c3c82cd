package io.roleport.application;

import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;

/**
 * What the installation itself is, as configured by its operators: the principal customers trust and the
 * default workload account for organizations without their own.
 */
public interface InstallationProfile {
  /** The AWS principal (user or role ARN) Roleport calls STS as; customers trust it. */
  String awsPrincipalArn();

  /** The role in the installation's default workload account. */
  RoleArn defaultWorkloadRole();

  /** The ExternalId the default workload role's trust policy requires. */
  ExternalId defaultWorkloadExternalId();

  /**
   * The issuer of the workload identity tokens Roleport signs itself ({@code <public-url>/workload-identity}), which
   * a customer's federated credential trusts (Azure federated mode); empty when the installation has none configured.
   * Each token's subject is one organization's {@link io.roleport.domain.Organization#workloadSubject()}.
   */
  java.util.Optional<String> workloadIdentityIssuer();

  /** The audience of Roleport's workload identity tokens, which the federated credential must accept. */
  default String workloadIdentityAudience() {
    return "api://AzureADTokenExchange";
  }

  /**
   * How long a person's ID token must still be valid for Roleport to exchange it for a session in an account
   * that trusts people's own sign-in; an older sign-in is asked to sign in again.
   */
  default java.time.Duration webIdentityTokenMargin() {
    return java.time.Duration.ofSeconds(60);
  }

  /** The AWS region Roleport works in by default (validation simulates the worker's calls there). */
  String awsRegion();

  /** The corporate OpenID provider's issuer, which web-identity trust policies name. */
  String corporateIssuer();

  /** Roleport's client id at the corporate provider: the audience of people's ID tokens. */
  String corporateClientId();

  /** The installation's quotas and rate limits (see {@link io.roleport.application.access.Limits}). */
  default Limits limits() {
    return Limits.DEFAULTS;
  }

  /** Quotas and rate limits; every refusal says which one. */
  record Limits(int signInsPerMinutePerAddress, int signInsPerMinutePerPerson, int validationsPerMinutePerPerson,
      int validationsPerMinutePerAddress, int organizationsPerPersonPerDay, int defaultAccountClustersPerOrganization) {
    public static final Limits DEFAULTS = new Limits(30, 10, 10, 30, 10, 10);

    public Limits {
      if (signInsPerMinutePerAddress < 1 || signInsPerMinutePerPerson < 1 || validationsPerMinutePerPerson < 1
          || validationsPerMinutePerAddress < 1 || organizationsPerPersonPerDay < 0
          || defaultAccountClustersPerOrganization < 0) {
        throw new IllegalArgumentException("rate limits must be at least 1 and quotas at least 0: " + this);
      }
    }
  }

  /** The installation's default Azure subscription and its service principal, if it offers one. */
  java.util.Optional<AzureDefault> azureDefault();

  /** The default Azure subscription for organizations without a binding; {@code toString} hides the secret. */
  record AzureDefault(io.roleport.domain.AzureTenantId tenantId, io.roleport.domain.AzureSubscriptionId subscriptionId,
      io.roleport.domain.AzureClientId clientId, String clientSecret) {
    @Override
    public String toString() {
      return "AzureDefault[" + tenantId + ", " + subscriptionId + ", " + clientId + "]";
    }
  }

  /**
   * How long a worker's claim on an operation lasts: after it an instance that died in a step is replaced by another
   * (the failover time of provisioning work). Longer than any single step.
   */
  default java.time.Duration workerLease() {
    return java.time.Duration.ofSeconds(60);
  }

  /** How long a stopping instance waits for the step in flight before it exits anyway. */
  default java.time.Duration shutdownGrace() {
    return java.time.Duration.ofSeconds(20);
  }
}
