package io.roleport.infrastructure.notifications;

import io.roleport.application.notifications.WebhookTransport;
import io.roleport.infrastructure.security.IssuerPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Posts webhook deliveries with the JDK's HTTP client (HTTP/1.1, no redirects, short timeouts) and decides where it
 * may post: https only, and to public addresses only ({@link IssuerPolicy#isPublic}, the rule third-party identity
 * providers follow), unless {@code roleport.webhooks.allow-private} allows loopback, private and link-local targets
 * (local mode and tests). The settings of this area are declared here:
 * <ul>
 *   <li>{@code roleport.webhooks.allow-private} (default false);</li>
 *   <li>{@code roleport.webhooks.truststore} and {@code roleport.webhooks.truststore-password}: a PKCS12 truststore
 *       for the receivers' certificates instead of the JDK's (a private CA, local mode and tests); re-read when the
 *       file changes.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpWebhookTransport implements WebhookTransport {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  @Inject @ConfigProperty(name = "roleport.webhooks.allow-private", defaultValue = "false")
  boolean allowPrivate;

  @Inject @ConfigProperty(name = "roleport.webhooks.truststore")
  Optional<String> trustStore;

  @Inject @ConfigProperty(name = "roleport.webhooks.truststore-password", defaultValue = "")
  String trustStorePassword;

  private HttpClient client;
  private FileTime clientTrustStoreTime;

  @Override
  public Optional<String> refusal(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      return Optional.of("webhook.url.invalid");
    }
    if (url.length() > 2000 || uri.getHost() == null || uri.getRawUserInfo() != null) {
      return Optional.of("webhook.url.invalid");
    }
    if (!"https".equals(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT))) {
      return Optional.of("webhook.url.notHttps");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      return Optional.of("webhook.url.unknownHost");
    }
    if (!allowPrivate) {
      for (InetAddress address : addresses) {
        if (!IssuerPolicy.isPublic(address)) {
          return Optional.of("webhook.url.notPublic");
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public int post(String url, Map<String, String> headers, String body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    try {
      return client().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The client, made again when the configured truststore changed. */
  private synchronized HttpClient client() throws IOException {
    FileTime time = null;
    if (trustStore.isPresent() && Files.isRegularFile(Path.of(trustStore.get()))) {
      time = Files.getLastModifiedTime(Path.of(trustStore.get()));
    }
    if (client == null || !java.util.Objects.equals(time, clientTrustStoreTime)) {
      HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
      if (time != null) {
        builder.sslContext(sslContext(Path.of(trustStore.get())));
      }
      client = builder.build();
      clientTrustStoreTime = time;
    }
    return client;
  }

  private SSLContext sslContext(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, trustStorePassword.toCharArray());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the webhook truststore " + file + ": " + e.getMessage(), e);
    }
  }
}
