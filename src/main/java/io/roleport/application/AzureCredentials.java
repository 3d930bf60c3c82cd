package io.roleport.application;

import io.roleport.domain.AzureClientId;
import io.roleport.domain.AzureSubscriptionId;
import io.roleport.domain.AzureTenantId;

/**
 * A service principal with its client secret (or, in federated mode, none: {@link #federated()}), as Roleport authenticates to Entra ID and ARM. Lives in memory
 * only for the length of a call chain; {@link #toString} never shows the secret.
 */
public record AzureCredentials(AzureTenantId tenant, AzureSubscriptionId subscription, AzureClientId client,
    String clientSecret) {

  /** Credentials of a federated binding: Roleport signs in with a client assertion, there is no secret. */
  public static AzureCredentials federated(AzureTenantId tenant, AzureSubscriptionId subscription,
      AzureClientId client) {
    return new AzureCredentials(tenant, subscription, client, null);
  }

  /** Whether this principal is reached with a client assertion (Roleport's workload identity), not a secret. */
  public boolean isFederated() {
    return clientSecret == null;
  }

  @Override
  public String toString() {
    return "AzureCredentials[tenant=" + tenant + ", subscription=" + subscription + ", client=" + client
        + (isFederated() ? ", federated" : "") + "]";
  }
}
