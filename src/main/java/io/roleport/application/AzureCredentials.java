package io.roleport.application;

import io.roleport.domain.AzureClientId;
import io.roleport.domain.AzureSubscriptionId;
import io.roleport.domain.AzureTenantId;

/**
 * A service principal with its client secret, as Roleport authenticates to Entra ID and ARM. Lives in memory
 * only for the length of a call chain; {@link #toString} never shows the secret.
 */
public record AzureCredentials(AzureTenantId tenant, AzureSubscriptionId subscription, AzureClientId client,
    String clientSecret) {

  @Override
  public String toString() {
    return "AzureCredentials[tenant=" + tenant + ", subscription=" + subscription + ", client=" + client + "]";
  }
}
