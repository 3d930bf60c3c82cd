package io.roleport.infrastructure.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Content-Security-Policy of this request, which the headers filter sends on every response (on Faces pages
 * with the nonce PrimeFaces' CSP mode issued). Forms may end at the corporate provider and at the provider this
 * session signed in with (a third party's own). The policy of a set of providers is written once and kept (for up to
 * {@link #KEPT} sets: there is one per identity provider in use), not on every request.
 */
@ApplicationScoped
public class ContentSecurityPolicy {
  static final int KEPT = 256;

  @Inject OidcClient oidc;
  @Inject HttpServletRequest request;

  private final ConcurrentMap<List<String>, String> policies = new ConcurrentHashMap<>();

  /** The policy without a nonce; it ends with the {@code script-src} directive. */
  public String getPolicy() {
    List<String> providers = new ArrayList<>(oidc.knownOrigins(oidc.corporate()));
    var session = request.getSession(false);
    if (session != null && session.getAttribute(OidcAuthenticationMechanism.PROVIDER)
        instanceof OidcClient.Provider provider) {
      providers.addAll(oidc.knownOrigins(provider));
    }
    String policy = policies.get(providers);
    if (policy == null) {
      policy = SecurityHeaders.contentSecurityPolicy(providers);
      if (policies.size() < KEPT) {
        policies.put(List.copyOf(providers), policy);
      }
    }
    return policy;
  }
}
