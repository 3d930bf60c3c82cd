package io.roleport.infrastructure.cloud.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.Subscription;
import io.roleport.application.AzureCredentials;
import io.roleport.application.onboarding.AzureAccountProbe;
import io.roleport.application.onboarding.AzurePermissions;
import com.azure.core.http.HttpMethod;
import com.azure.resourcemanager.resources.fluent.ResourceGroupsClient;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Validates a service principal with real calls: a client-credentials token from Entra ID, a read of the
 * subscription through ARM, a list of its resource groups (a principal without a role assignment is refused there
 * with {@code AuthorizationFailed}), and the proof that its roles allow every action Roleport performs (see
 * {@link #permissions}). Fresh credential every time, nothing cached.
 */
@ApplicationScoped
public class AzureProbe implements AzureAccountProbe {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(AzureProbe.class.getName());
  /** Where the validation's empty resource group is made (a resource group's metadata location; it holds nothing). */
  static final String PROBE_REGION = "westeurope";
  static final String PERMISSIONS_API = "2022-04-01";
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

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
          Outcome.OK, permissions(arm.withSubscription(c.subscription().value())));
    } catch (RuntimeException e) {
      AzureErrors.Error error = AzureErrors.of(e);
      return new ProbeResult(Outcome.OK, Outcome.OK, subscription.displayName(), subscription.innerModel().tenantId(),
          Outcome.failed(error.code(), error.message()));
    }
  }

  /**
   * Proves the principal may do what Roleport does: creates an empty resource group (tagged as Roleport's check, in
   * {@value #PROBE_REGION}), reads the principal's permissions there (its roles at the subscription and above apply),
   * and starts deleting the group again. A refused create is itself the answer (it may not create resource groups).
   */
  private Permissions permissions(ResourceManager arm) {
    String group = "roleport-check-" + java.util.HexFormat.of().formatHex(randomBytes());
    ResourceGroupsClient groups = arm.serviceClient().getResourceGroups();
    try {
      groups.createOrUpdate(group, new ResourceGroupInner().withLocation(PROBE_REGION)
          .withTags(java.util.Map.of("roleport:check", "validation")));
    } catch (RuntimeException e) {
      AzureErrors.Error error = AzureErrors.of(e);
      return "AuthorizationFailed".equals(error.code())
          ? new Permissions(Outcome.OK, AzurePermissions.REQUIRED.stream()
              .filter(a -> a.equals("Microsoft.Resources/subscriptions/resourceGroups/write")).toList(), group)
          : new Permissions(Outcome.failed(error.code(), error.message()), List.of(), group);
    }
    try {
      return new Permissions(Outcome.OK, AzurePermissions.missing(grants(arm, group)), group);
    } catch (RuntimeException e) {
      AzureErrors.Error error = AzureErrors.of(e);
      return new Permissions(Outcome.failed(error.code(), error.message()), List.of(), group);
    } finally {
      try {
        groups.beginDelete(group).poll();
      } catch (RuntimeException e) {
        LOG.warning(() -> "could not delete the validation resource group " + group + ": " + AzureErrors.of(e).code());
      }
    }
  }

  /** GET {@code .../resourcegroups/{group}/providers/Microsoft.Authorization/permissions}: the caller's grants there. */
  private List<AzurePermissions.Grant> grants(ResourceManager arm, String group) {
    String url = clients.environment().getResourceManagerEndpoint().replaceAll("/+$", "") + "/subscriptions/"
        + arm.subscriptionId() + "/resourcegroups/" + group
        + "/providers/Microsoft.Authorization/permissions?api-version=" + PERMISSIONS_API;
    String body = ArmRest.send(arm.serviceClient().getHttpPipeline(), HttpMethod.GET, url, null);
    List<AzurePermissions.Grant> grants = new ArrayList<>();
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      for (JsonValue value : reader.readObject().getJsonArray("value")) {
        JsonObject grant = value.asJsonObject();
        grants.add(new AzurePermissions.Grant(strings(grant, "actions"), strings(grant, "notActions")));
      }
    }
    return grants;
  }

  private static List<String> strings(JsonObject object, String name) {
    return object.containsKey(name) ? object.getJsonArray(name).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString).toList() : List.of();
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
