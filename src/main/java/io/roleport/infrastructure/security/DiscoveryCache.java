package io.roleport.infrastructure.security;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The discovery documents of OpenID providers, read with short timeouts and kept for a while, with a simple
 * circuit breaker: after a failed read, an issuer is not asked again for {@code openFor}; requests meanwhile
 * fail at once (or use the last good document). So anonymous sign-in requests for a provider that is down
 * never hold a thread waiting for it.
 */
public final class DiscoveryCache {
  private static final Logger LOG = Logger.getLogger(DiscoveryCache.class.getName());

  /** The provider's document could not be read (now, or recently: then without trying). Says no more. */
  public static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String issuer, boolean failedFast) {
      super("the discovery document of " + issuer + (failedFast ? " failed recently: not asked again yet"
          : " could not be read"));
    }
  }

  private record Known(OIDCProviderMetadata metadata, Instant readAt) {}

  private final Map<String, Known> documents = new ConcurrentHashMap<>();
  private final Map<String, Instant> openUntil = new ConcurrentHashMap<>();
  private final Duration timeout;
  private final Duration ttl;
  private final Duration openFor;
  private final Clock clock;

  /**
   * @param timeout connect and read timeout of each read
   * @param ttl how long a document is used before it is read again
   * @param openFor how long an issuer is not asked again after a failed read
   */
  public DiscoveryCache(Duration timeout, Duration ttl, Duration openFor, Clock clock) {
    this.timeout = timeout;
    this.ttl = ttl;
    this.openFor = openFor;
    this.clock = clock;
  }

  /** The issuer's document: kept, read now, or (when the provider failed recently) refused at once. */
  public OIDCProviderMetadata get(String issuer) throws Unavailable {
    Instant now = clock.instant();
    Known known = documents.get(issuer);
    if (known != null && now.isBefore(known.readAt().plus(ttl))) {
      return known.metadata();
    }
    Instant until = openUntil.get(issuer);
    if (until != null && now.isBefore(until)) {
      if (known != null) {
        return known.metadata(); // a little stale beats none while the provider is down
      }
      throw new Unavailable(issuer, true);
    }
    try {
      OIDCProviderMetadata metadata = read(issuer);
      documents.put(issuer, new Known(metadata, clock.instant()));
      openUntil.remove(issuer);
      return metadata;
    } catch (Exception e) {
      LOG.warning(() -> "discovery of " + issuer + " failed: " + e);
      openUntil.put(issuer, clock.instant().plus(openFor));
      if (known != null) {
        return known.metadata();
      }
      throw new Unavailable(issuer, false);
    }
  }

  /** The issuer's document if one has been read, without any network call. */
  public java.util.Optional<OIDCProviderMetadata> known(String issuer) {
    return java.util.Optional.ofNullable(documents.get(issuer)).map(Known::metadata);
  }

  /** Reads the document (no redirects followed); its issuer must be the one asked for. */
  private OIDCProviderMetadata read(String issuer) throws Exception {
    URI uri = URI.create((issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
        + "/.well-known/openid-configuration");
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, uri);
    request.setConnectTimeout((int) timeout.toMillis());
    request.setReadTimeout((int) timeout.toMillis());
    request.setFollowRedirects(false);
    HTTPResponse response = request.send();
    response.ensureStatusCode(200);
    OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(response.getBodyAsJSONObject());
    if (!issuer.equals(metadata.getIssuer().getValue())) {
      throw new IllegalStateException("the document names another issuer: " + metadata.getIssuer());
    }
    if (metadata.getAuthorizationEndpointURI() == null || metadata.getJWKSetURI() == null) {
      throw new IllegalStateException("the document lacks an authorization endpoint or keys");
    }
    return metadata;
  }
}
