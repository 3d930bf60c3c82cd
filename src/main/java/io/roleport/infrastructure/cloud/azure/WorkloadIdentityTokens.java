package io.roleport.infrastructure.cloud.azure;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.roleport.infrastructure.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Roleport's workload identity for Azure federated mode: a client-credentials token from the installation's
 * OpenID provider ({@code roleport.oidc.issuer}, token endpoint from its discovery document) for the dedicated
 * client {@code roleport.azure.workload-client-id}, requested with {@code scope} = the workload audience
 * ({@code api://AzureADTokenExchange}). Its {@code sub} is the workload client (what the customer's federated
 * credential names) and it is handed to Entra ID as the client assertion. Cached until shortly before it
 * expires; never logged.
 */
@ApplicationScoped
public class WorkloadIdentityTokens {
  /** A cached token is renewed this long before its expiry (Entra ID allows some skew, the exchange takes time). */
  static final Duration RENEW_BEFORE = Duration.ofSeconds(120);

  @Inject Settings settings;

  private final Clock clock = Clock.systemUTC();
  private volatile URI tokenEndpoint;
  private volatile Cached cached;

  private record Cached(String token, Instant renewAt) {}

  /** Thrown when the workload token cannot be obtained (the provider refused or could not be reached). */
  public static class WorkloadTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkloadTokenException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The current workload token (a JWT), fetched when none is cached or the cached one nears its expiry. */
  public String token() {
    Cached c = cached;
    if (c != null && clock.instant().isBefore(c.renewAt())) {
      return c.token();
    }
    synchronized (this) {
      c = cached;
      if (c != null && clock.instant().isBefore(c.renewAt())) {
        return c.token();
      }
      cached = fetch();
      return cached.token();
    }
  }

  private Cached fetch() {
    String client = settings.azureWorkloadClientId();
    try {
      URI endpoint = tokenEndpoint();
      ClientCredentialsGrant grant = new ClientCredentialsGrant();
      Scope scope = new Scope(settings.azureWorkloadAudience());
      String secret = settings.azureWorkloadClientSecret().orElseThrow(() -> new WorkloadTokenException(
          "roleport.azure.workload-client-secret is not configured", null));
      TokenRequest request = new TokenRequest(endpoint,
          new ClientSecretBasic(new ClientID(client), new Secret(secret)), grant, scope);
      TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
      if (!response.indicatesSuccess()) {
        TokenErrorResponse error = response.toErrorResponse();
        throw new WorkloadTokenException("the OpenID provider refused the workload token of client " + client + ": "
            + error.getErrorObject().getCode() + " " + error.getErrorObject().getDescription(), null);
      }
      AccessToken token = response.toSuccessResponse().getTokens().getAccessToken();
      long lifetime = token.getLifetime() > 0 ? token.getLifetime() : 300;
      Instant renewAt = clock.instant().plusSeconds(lifetime).minus(RENEW_BEFORE);
      return new Cached(token.getValue(), renewAt);
    } catch (WorkloadTokenException e) {
      throw e;
    } catch (Exception e) {
      throw new WorkloadTokenException("cannot get the workload token of client " + client + " from "
          + settings.oidcIssuer() + ": " + e.getMessage(), e);
    }
  }

  private URI tokenEndpoint() throws Exception {
    if (tokenEndpoint == null) {
      tokenEndpoint = OIDCProviderMetadata.resolve(new Issuer(settings.oidcIssuer()), 5000, 5000)
          .getTokenEndpointURI();
    }
    return tokenEndpoint;
  }
}
