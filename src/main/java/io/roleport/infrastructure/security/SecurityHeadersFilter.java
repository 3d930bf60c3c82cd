package io.roleport.infrastructure.security;

import io.roleport.infrastructure.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Puts the security headers on every response (declared first in web.xml, for requests, forwards and error
 * pages): the Content-Security-Policy, no MIME sniffing, no framing, same-origin referrers, and HSTS when
 * the portal is reached over HTTPS. A Faces page replaces the policy with PrimeFaces' own (the same policy
 * plus the page's nonce): the response wrapper makes a later Content-Security-Policy replace, not add.
 */
public class SecurityHeadersFilter extends HttpFilter {
  static final String CSP = "Content-Security-Policy";

  @Inject Settings settings;
  @Inject ContentSecurityPolicy policy;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletResponse wrapped = response instanceof OnePolicy ? response : new OnePolicy(response);
    wrapped.setHeader(CSP, policy.getPolicy() + ";");
    wrapped.setHeader("X-Content-Type-Options", "nosniff");
    wrapped.setHeader("X-Frame-Options", "DENY");
    wrapped.setHeader("Referrer-Policy", "same-origin");
    if (SecurityHeaders.https(settings.publicUrl(), request.isSecure())) {
      wrapped.setHeader("Strict-Transport-Security", SecurityHeaders.HSTS);
    }
    chain.doFilter(request, wrapped);
  }

  /** A response with at most one Content-Security-Policy and one X-Frame-Options: the last one set wins. */
  static final class OnePolicy extends HttpServletResponseWrapper {
    OnePolicy(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void addHeader(String name, String value) {
      if (CSP.equalsIgnoreCase(name) || "X-Frame-Options".equalsIgnoreCase(name)) {
        super.setHeader(name, value);
      } else {
        super.addHeader(name, value);
      }
    }
  }
}
