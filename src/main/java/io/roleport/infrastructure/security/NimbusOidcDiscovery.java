package io.roleport.infrastructure.security;

import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.roleport.application.thirdparty.OidcDiscovery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Reads an issuer's discovery document with Nimbus; the issuer in it must be the one given. */
@ApplicationScoped
public class NimbusOidcDiscovery implements OidcDiscovery {
  @Override
  public Optional<String> problem(String issuer) {
    try {
      OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(issuer), 5000, 5000);
      if (metadata.getAuthorizationEndpointURI() == null || metadata.getJWKSetURI() == null) {
        return Optional.of("its discovery document lacks an authorization endpoint or keys");
      }
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
