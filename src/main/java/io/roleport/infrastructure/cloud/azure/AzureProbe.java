package io.roleport.infrastructure.cloud.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.Subscription;
import io.roleport.application.AzureCredentials;
import io.roleport.application.onboarding.AzureAccountProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Validates a service principal with real calls: a client-credentials token from Entra ID, a read of the
 * subscription through ARM, and a list of its resource groups (a principal without a role assignment is
 * refused there with {@code AuthorizationFailed}). Fresh credential every time, nothing cached.
 */
@ApplicationScoped
public class AzureProbe implements AzureAccountProbe {

  @Inject AzureClients clients;

  @Override
  public ProbeResult probe(AzureCredentials c) {
    TokenCredential credential = clients.credential(c);
    String scope = clients.environment().getManagementEndpoint() + "/.default";
    try {
      credential.getTokenSync(new TokenRequestContext().addScopes(scope));
    } catch (RuntimeException e) {
      AzureErrors.Error error = AzureErrors.of(e);
      return new ProbeResult(Outcome.failed(error.code(), error.message()), null, null, null, null);
    }
    ResourceManager.Authenticated arm = clients.resourcesUncached(credential, c);
    Subscription subscription;
    try {
      subscription = arm.subscriptions().getById(c.subscription().value());
    } catch (RuntimeException e) {
      AzureErrors.Error error = AzureErrors.of(e);
      return new ProbeResult(Outcome.OK, Outcome.failed(error.code(), error.message()), null, null, null);
    }
    try {
      arm.withSubscription(c.subscription().value()).serviceClient().getResourceGroups().list().stream().count();
      return new ProbeResult(Outcome.OK, Outcome.OK, subscription.displayName(), subscription.innerModel().tenantId(),
          Outcome.OK);
    } catch (RuntimeException e) {
      AzureErrors.Error error = AzureErrors.of(e);
      return new ProbeResult(Outcome.OK, Outcome.OK, subscription.displayName(), subscription.innerModel().tenantId(),
          Outcome.failed(error.code(), error.message()));
    }
  }
}
