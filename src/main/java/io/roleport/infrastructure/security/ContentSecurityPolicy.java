package io.roleport.infrastructure.security;

import io.roleport.infrastructure.config.Settings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The Content-Security-Policy of this request, which the headers filter sends on every response (on Faces pages
 * with the nonce PrimeFaces' CSP mode issued). Forms may end at the corporate provider and at the provider this
 * session signed in with (a third party's own).
 */
@RequestScoped
public class ContentSecurityPolicy {
  @Inject Settings settings;
  @Inject OidcClient oidc;
  @Inject HttpServletRequest request;

  /** The policy without a nonce; it ends with the {@code script-src} directive. */
  public String getPolicy() {
    List<String> providers = new ArrayList<>(oidc.knownOrigins(oidc.corporate()));
    var session = request.getSession(false);
    if (session != null && session.getAttribute(OidcAuthenticationMechanism.PROVIDER)
        instanceof OidcClient.Provider provider) {
      providers.addAll(oidc.knownOrigins(provider));
    }
    return SecurityHeaders.contentSecurityPolicy(providers);
  }
}
