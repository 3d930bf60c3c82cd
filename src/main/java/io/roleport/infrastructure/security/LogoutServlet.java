package io.roleport.infrastructure.security;

import io.roleport.infrastructure.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Signs out: ends the portal session, then the provider's session through its end-session endpoint
 * (OpenID Connect RP-Initiated Logout 1.0) with the ID token of the sign-in as {@code id_token_hint} and
 * Roleport's {@code client_id} (providers such as Keycloak refuse a logout without the hint), and back to the
 * portal ({@code post_logout_redirect_uri}) unless {@code roleport.oidc.post-logout-redirect} is off.
 */
@WebServlet("/auth/logout")
public class LogoutServlet extends HttpServlet {

  @Inject OidcClient oidc;
  @Inject Settings settings;
  @Inject io.roleport.application.audit.AuditTrail audit;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    SessionCaller.of(request).ifPresent(caller -> audit.standalone(caller.subject(), null, null, "signout",
        io.roleport.domain.AuditEvent.Outcome.OK, null));
    if (request.getUserPrincipal() != null) {
      request.logout();
    }
    var session = request.getSession(false);
    OidcClient.Provider provider = session == null ? null
        : (OidcClient.Provider) session.getAttribute(OidcAuthenticationMechanism.PROVIDER);
    String idToken = session == null ? null : (String) session.getAttribute(OidcAuthenticationMechanism.ID_TOKEN);
    if (session != null) {
      session.invalidate();
    }
    OidcClient.Provider signedOutOf = provider == null ? oidc.corporate() : provider;
    String home = settings.publicUrl().orElseGet(() -> {
      String url = request.getRequestURL().toString();
      return url.substring(0, url.length() - request.getRequestURI().length()) + request.getContextPath();
    }) + (signedOutOf.thirdPartyOrg() == null ? "/" : "/auth/login/" + signedOutOf.thirdPartyOrg());
    // A third party's user comes back to their own sign-in page (their provider), not the corporate one.
    var end = idToken == null ? java.util.Optional.<java.net.URI>empty() : oidc.endSessionUri(signedOutOf);
    response.sendRedirect(end.map(uri -> endSession(uri, idToken, signedOutOf.clientId(),
        settings.postLogoutRedirect() ? home : null)).orElse(home));
  }

  /** The end-session request: the hint, the client and (optionally) where to come back to. */
  static String endSession(java.net.URI endpoint, String idToken, String clientId, String postLogoutRedirect) {
    StringBuilder url = new StringBuilder(endpoint.toString());
    url.append(endpoint.getRawQuery() == null ? '?' : '&')
        .append("id_token_hint=").append(URLEncoder.encode(idToken, StandardCharsets.UTF_8))
        .append("&client_id=").append(URLEncoder.encode(clientId, StandardCharsets.UTF_8));
    if (postLogoutRedirect != null) {
      url.append("&post_logout_redirect_uri=").append(URLEncoder.encode(postLogoutRedirect, StandardCharsets.UTF_8));
    }
    return url.toString();
  }
}
