package io.roleport.infrastructure.security;

import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.roleport.application.thirdparty.OidcDiscovery;
import io.roleport.infrastructure.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Discovery documents of OpenID providers, with Nimbus: the corporate provider's and third parties' own. A
 * third party's issuer is an URL an ISV administrator typed: it must pass the {@link IssuerPolicy} before
 * Roleport fetches anything from it, every read has short timeouts, and documents are kept with a circuit
 * breaker ({@link DiscoveryCache}). Problems are answered as message keys; what the network said is only logged.
 */
@ApplicationScoped
public class NimbusOidcDiscovery implements OidcDiscovery {
  /** Connect and read timeout of a discovery read. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  /** How long a document is used before it is read again. */
  static final Duration TTL = Duration.ofMinutes(15);
  /** How long a provider that failed is not asked again. */
  static final Duration OPEN_FOR = Duration.ofSeconds(60);

  @Inject Settings settings;

  private IssuerPolicy policy;
  private DiscoveryCache cache;

  @PostConstruct
  void init() {
    policy = new IssuerPolicy(settings.thirdPartyIdpAllowInsecure(), InetAddress::getAllByName);
    cache = new DiscoveryCache(TIMEOUT, TTL, OPEN_FOR, Clock.systemUTC());
  }

  @Override
  public Optional<String> problem(String issuer) {
    Optional<String> refused = policy.problem(issuer);
    if (refused.isPresent()) {
      return refused;
    }
    try {
      cache.get(issuer);
      return Optional.empty();
    } catch (DiscoveryCache.Unavailable e) {
      return Optional.of("idp.unreachable");
    }
  }

  /** The corporate provider's document (configured by the operator: no policy beyond timeouts). */
  public OIDCProviderMetadata corporate(String issuer) throws DiscoveryCache.Unavailable {
    return cache.get(issuer);
  }

  /** A third party's document, when its issuer passes the policy. */
  public OIDCProviderMetadata thirdParty(String issuer) throws DiscoveryCache.Unavailable {
    Optional<String> refused = policy.problem(issuer);
    if (refused.isPresent()) {
      throw new IllegalStateException("issuer " + issuer + " refused: " + refused.get());
    }
    return cache.get(issuer);
  }

  /** A document already read, without any network call. */
  public Optional<OIDCProviderMetadata> known(String issuer) {
    return cache.known(issuer);
  }
}
