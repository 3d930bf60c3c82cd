package io.roleport.infrastructure.cloud.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.resources.ResourceManager;
import io.roleport.application.AzureCredentials;
import io.roleport.infrastructure.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Creates Azure SDK clients, the seam between settings and the SDK (the Azure sibling of {@code AwsClients}).
 * One JDK HTTP client (Netty is not shipped) trusting the configured truststore; an {@link AzureEnvironment}
 * whose Entra ID and ARM endpoints come from settings; credentials and managers cached per service principal
 * and secret, so MSAL's token cache and the pipelines are reused. Secrets never leave this cache's keys.
 */
@ApplicationScoped
public class AzureClients {

  @Inject Settings settings;
  @Inject WorkloadIdentityTokens workload;

  private volatile HttpClient http;
  /**
   * ARM clients per service principal (and secret version): bounded, and forgotten after an idle half hour, so a
   * rotated-away secret does not stay in memory.
   */
  private final Cache<AzureCredentials, Managers> managers = Caffeine.newBuilder()
      .maximumSize(500)
      .expireAfterAccess(java.time.Duration.ofMinutes(30))
      .build();

  /** The resource and container-service managers of one principal in one subscription. */
  record Managers(TokenCredential credential, ResourceManager resources, ContainerServiceManager containers) {}

  /**
   * A fresh credential (no cache: validation must really ask Entra ID). Federated principals sign in with a
   * client assertion: a workload identity token Roleport signs for the principal's organization subject.
   */
  public TokenCredential credential(AzureCredentials c) {
    if (c.isFederated()) {
      return new ClientAssertionCredentialBuilder()
          .authorityHost(settings.azureAuthorityHost())
          .tenantId(c.tenant().value())
          .clientId(c.client().value())
          .clientAssertion(() -> workload.token(c.assertionSubject()))
          .disableInstanceDiscovery()
          .httpClient(http())
          .build();
    }
    return new ClientSecretCredentialBuilder()
        .authorityHost(settings.azureAuthorityHost())
        .tenantId(c.tenant().value())
        .clientId(c.client().value())
        .clientSecret(c.clientSecret())
        .disableInstanceDiscovery()
        .httpClient(http())
        .build();
  }

  /** ARM as this principal, not cached (validation). */
  public ResourceManager.Authenticated resourcesUncached(TokenCredential credential, AzureCredentials c) {
    return ResourceManager.configure().withHttpClient(http()).authenticate(credential, profile(c));
  }

  public ResourceManager resources(AzureCredentials c) {
    return managers(c).resources();
  }

  public ContainerServiceManager containers(AzureCredentials c) {
    return managers(c).containers();
  }

  private Managers managers(AzureCredentials c) {
    return managers.get(c, k -> {
      TokenCredential credential = credential(k);
      AzureProfile profile = profile(k);
      return new Managers(credential,
          ResourceManager.configure().withHttpClient(http()).authenticate(credential, profile)
              .withSubscription(k.subscription().value()),
          ContainerServiceManager.configure().withHttpClient(http()).authenticate(credential, profile));
    });
  }

  AzureProfile profile(AzureCredentials c) {
    return new AzureProfile(c.tenant().value(), c.subscription().value(), environment());
  }

  /** {@code AzureEnvironment.AZURE} with ARM and Entra ID from settings (managementEndpointUrl kept: the token scope). */
  AzureEnvironment environment() {
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", settings.azureResourceManagerEndpoint());
    endpoints.put("activeDirectoryEndpointUrl", settings.azureAuthorityHost() + "/");
    return new AzureEnvironment(endpoints);
  }

  HttpClient http() {
    if (http == null) {
      synchronized (this) {
        if (http == null) {
          java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1);
          settings.azureTruststore().ifPresent(path -> builder.sslContext(sslContext(Path.of(path),
              settings.azureTruststorePassword().orElse(""))));
          http = new JdkHttpClientBuilder(builder).connectionTimeout(Duration.ofSeconds(10)).build();
        }
      }
    }
    return http;
  }

  private static SSLContext sslContext(Path truststore, String password) {
    try (InputStream in = Files.newInputStream(truststore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot load roleport.azure.truststore " + truststore, e);
    }
  }
}
