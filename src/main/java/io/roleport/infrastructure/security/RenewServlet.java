package io.roleport.infrastructure.security;

import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.AuditEvent.Outcome;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * "Sign in again": ends the local sign-in (keeping the identity provider's session) and goes back to the page
 * the person was on, which, being protected, starts a new sign-in that returns there. The new sign-in brings
 * a fresh ID token (for accounts that trust people's own sign-in) and the latest groups.
 */
@WebServlet("/auth/renew")
public class RenewServlet extends HttpServlet {

  @Inject AuditTrail audit;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    SessionCaller.of(request).ifPresent(caller -> audit.standalone(caller.subject(), null, null, "signin.renew",
        Outcome.OK, null));
    if (request.getUserPrincipal() != null) {
      request.logout();
    }
    var session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(SessionCaller.ATTRIBUTE);
    }
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", localTarget(request));
  }

  /** The page to go back to: a path in this application only (never another site). */
  static String localTarget(HttpServletRequest request) {
    String to = request.getParameter("to");
    String context = request.getContextPath();
    boolean local = to != null && to.startsWith(context + "/") && !to.startsWith("//") && !to.contains("\\")
        && !to.contains("://") && to.chars().noneMatch(Character::isISOControl);
    return local && !to.startsWith(context + "/auth/") ? to : context + "/";
  }
}
