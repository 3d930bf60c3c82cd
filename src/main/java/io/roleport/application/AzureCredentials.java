package io.roleport.application;

import io.roleport.domain.AzureClientId;
import io.roleport.domain.AzureSubscriptionId;
import io.roleport.domain.AzureTenantId;

/**
 * A service principal as Roleport authenticates to Entra ID and ARM: with its client secret, or, in federated mode,
 * with a client assertion Roleport signs for one organization's workload subject ({@link #federated}). Exactly one
 * of the two is set. Lives in memory only for the length of a call chain; {@link #toString} never shows the secret.
 *
 * @param assertionSubject the {@code sub} of the client assertion (the organization's
 *     {@link io.roleport.domain.Organization#workloadSubject()}); {@code null} for a secret principal
 */
public record AzureCredentials(AzureTenantId tenant, AzureSubscriptionId subscription, AzureClientId client,
    String clientSecret, String assertionSubject) {

  public AzureCredentials {
    if ((clientSecret == null) == (assertionSubject == null || assertionSubject.isBlank())) {
      throw new IllegalArgumentException("a service principal has either a client secret or an assertion subject");
    }
  }

  /** A principal reached with its client secret. */
  public AzureCredentials(AzureTenantId tenant, AzureSubscriptionId subscription, AzureClientId client,
      String clientSecret) {
    this(tenant, subscription, client, clientSecret, null);
  }

  /**
   * Credentials of a federated binding: no secret; Roleport signs in with a client assertion whose subject is
   * {@code subject}, the subject of the organization the call is made for (never another's).
   */
  public static AzureCredentials federated(AzureTenantId tenant, AzureSubscriptionId subscription,
      AzureClientId client, String subject) {
    return new AzureCredentials(tenant, subscription, client, null, subject);
  }

  /** Whether this principal is reached with a client assertion (Roleport's workload identity), not a secret. */
  public boolean isFederated() {
    return clientSecret == null;
  }

  @Override
  public String toString() {
    return "AzureCredentials[tenant=" + tenant + ", subscription=" + subscription + ", client=" + client
        + (isFederated() ? ", federated as " + assertionSubject : "") + "]";
  }
}
