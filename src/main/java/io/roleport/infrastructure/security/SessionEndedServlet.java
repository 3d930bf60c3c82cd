package io.roleport.infrastructure.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /auth/ended}: where a sign-in that Roleport ended lands, saying why and offering to sign in again (at
 * the corporate provider, or at a third party's own for its people).
 */
@WebServlet("/auth/ended")
public class SessionEndedServlet extends HttpServlet {
  static final String LIFETIME = "lifetime";
  static final String REVOKED = "revoked";

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String why = request.getParameter("why");
    String org = request.getParameter("org");
    String signIn = request.getContextPath()
        + (org != null && org.matches("[a-z0-9-]{1,63}") ? "/auth/login/" + org : "/");
    String reason = REVOKED.equals(why)
        ? "Your identity provider no longer lets you in with the access you had: you were disabled there, or your "
            + "sign-in was revoked. Nothing was changed."
        : "Your sign-in reached its maximum lifetime, so Roleport ended it. Nothing was changed.";
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/html;charset=UTF-8");
    response.getWriter().write("""
        <!DOCTYPE html><html lang="en"><head><title>Signed out - Roleport</title></head>
        <body><main><h1 id="sessionEnded">Your Roleport session has ended</h1>
        <p id="sessionEndedReason">%s</p><p><a id="signInAgain" href="%s">Sign in again</a></p></main></body></html>
        """.formatted(reason, signIn));
  }
}
