package io.roleport.infrastructure.security;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Signs out: ends the portal session, then the provider's session (its end-session endpoint). */
@WebServlet("/auth/logout")
public class LogoutServlet extends HttpServlet {

  @Inject OidcClient oidc;
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
    if (session != null) {
      session.invalidate();
    }
    String url = request.getRequestURL().toString();
    String home = url.substring(0, url.length() - request.getRequestURI().length()) + request.getContextPath() + "/";
    response.sendRedirect(oidc.endSessionUri(provider == null ? oidc.corporate() : provider)
        .map(end -> end + "?post_logout_redirect_uri=" + URLEncoder.encode(home, StandardCharsets.UTF_8))
        .orElse(home));
  }
}
