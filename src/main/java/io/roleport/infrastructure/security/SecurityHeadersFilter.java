package io.roleport.infrastructure.security;

import io.roleport.infrastructure.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * Puts the security headers on every response (declared first in web.xml, for requests, forwards and error
 * pages): the Content-Security-Policy, no MIME sniffing, no framing, same-origin referrers, and HSTS when
 * the portal is reached over HTTPS. On a Faces page PrimeFaces' CSP mode writes a policy of its own to carry the
 * page's script nonce: the response wrapper keeps this request's policy and adds only that nonce, so a response
 * has exactly one policy. An error page is rendered as a fresh page: the failed request's form fields (its view
 * state and nonce, meant for another view) are hidden from it, otherwise PrimeFaces would validate a nonce the
 * error page never issued and fail the error page itself.
 */
public class SecurityHeadersFilter extends HttpFilter {
  static final String CSP = "Content-Security-Policy";

  @Inject Settings settings;
  @Inject ContentSecurityPolicy policy;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String requestPolicy = policy.getPolicy();
    HttpServletResponse wrapped = response instanceof OnePolicy ? response : new OnePolicy(response, requestPolicy);
    wrapped.setHeader(CSP, SecurityHeaders.withNonceOf(requestPolicy, null));
    wrapped.setHeader("X-Content-Type-Options", "nosniff");
    wrapped.setHeader("X-Frame-Options", "DENY");
    wrapped.setHeader("Referrer-Policy", "same-origin");
    if (SecurityHeaders.https(settings.publicUrl(), request.isSecure())) {
      wrapped.setHeader("Strict-Transport-Security", SecurityHeaders.HSTS);
    }
    HttpServletRequest page = request.getDispatcherType() == DispatcherType.ERROR ? new FreshPage(request) : request;
    chain.doFilter(page, wrapped);
  }

  /**
   * A response with at most one Content-Security-Policy (this request's, with the nonce of whoever writes one) and
   * one X-Frame-Options (the last one set wins).
   */
  static final class OnePolicy extends HttpServletResponseWrapper {
    private final String requestPolicy;

    OnePolicy(HttpServletResponse response, String requestPolicy) {
      super(response);
      this.requestPolicy = requestPolicy;
    }

    @Override
    public void addHeader(String name, String value) {
      if (CSP.equalsIgnoreCase(name) || "X-Frame-Options".equalsIgnoreCase(name)) {
        setHeader(name, value);
      } else {
        super.addHeader(name, value);
      }
    }

    @Override
    public void setHeader(String name, String value) {
      super.setHeader(name, CSP.equalsIgnoreCase(name) ? SecurityHeaders.withNonceOf(requestPolicy, value) : value);
    }
  }

  /** The request as an error page sees it: no form fields, so Faces renders the error view afresh. */
  static final class FreshPage extends HttpServletRequestWrapper {
    FreshPage(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getParameter(String name) {
      return null;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return Map.of();
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.emptyEnumeration();
    }

    @Override
    public String[] getParameterValues(String name) {
      return null;
    }
  }
}
