package io.roleport.infrastructure.security;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The security headers of every response, as plain rules (no container types) so they can be read and
 * tested in one place. The Content-Security-Policy ends with {@code script-src 'self'}: on Faces pages
 * PrimeFaces' CSP mode appends the nonce of the page's own scripts to it; other responses get it as is.
 */
public final class SecurityHeaders {
  /** One year, the usual HSTS lifetime once HTTPS is the only way in. */
  static final String HSTS = "max-age=31536000; includeSubDomains";

  private SecurityHeaders() {}

  /**
   * The policy: same-origin everything, no plugins, no framing, no foreign base URL, and forms may post
   * (and be redirected) only to this site and the identity providers in {@code formTargets} (sign-out and
   * "sign in again" end at the provider). Inline styles stay allowed (PrimeFaces widgets set them).
   */
  public static String contentSecurityPolicy(Collection<String> formTargets) {
    Set<String> targets = new LinkedHashSet<>();
    targets.add("'self'");
    formTargets.stream().map(SecurityHeaders::origin).flatMap(Optional::stream).forEach(targets::add);
    return "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action "
        + String.join(" ", targets) + "; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline';"
        + " connect-src 'self'; script-src 'self'";
  }

  private static final java.util.regex.Pattern NONCE = java.util.regex.Pattern.compile("'nonce-([A-Za-z0-9+/=_-]+)'");

  /**
   * The policy a Faces page is sent with: {@code policy} (this request's, ending with {@code script-src 'self'}) plus
   * the nonce PrimeFaces' CSP mode put in the header it wrote ({@code pageHeader}). PrimeFaces only knows a fixed
   * policy from web.xml; the identity providers a form may end at are known per request, so the filter keeps its own
   * policy and takes only the nonce. Without a nonce in {@code pageHeader}, {@code policy} as is.
   */
  public static String withNonceOf(String policy, String pageHeader) {
    java.util.regex.Matcher nonce = NONCE.matcher(pageHeader == null ? "" : pageHeader);
    String base = policy.endsWith(";") ? policy.substring(0, policy.length() - 1) : policy;
    return nonce.find() ? base + " 'nonce-" + nonce.group(1) + "';" : base + ";";
  }

  /** What a host may be made of in a policy (letters, digits, dots, dashes, an IPv6 literal's brackets and colons). */
  private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+");

  /** The scheme, host and port of a URL, as CSP names an origin; empty for anything that is not http(s). */
  static Optional<String> origin(String url) {
    try {
      URI uri = URI.create(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
          || !HOST.matcher(uri.getHost()).matches()) {
        return Optional.empty();
      }
      return Optional.of(scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether people reach the portal over HTTPS: its public URL says so (TLS ends at a proxy), or this
   * request came in over TLS. Then browsers are told to use HTTPS only (HSTS) and the session cookie is Secure.
   */
  public static boolean https(Optional<String> publicUrl, boolean requestSecure) {
    return requestSecure || publicUrl.map(u -> u.regionMatches(true, 0, "https://", 0, 8)).orElse(false);
  }
}
