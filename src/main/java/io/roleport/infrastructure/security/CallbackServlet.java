package io.roleport.infrastructure.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The end of the sign-in round trip. After a successful sign-in it sends the browser to the page it
 * first asked for (a clean URL, no code or state in it); otherwise it explains and offers to start again.
 */
@WebServlet("/auth/callback")
public class CallbackServlet extends HttpServlet {
  static final String RETURN_TO = "roleport.returnTo";

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    var session = request.getSession(false);
    String returnTo = session == null ? null : (String) session.getAttribute(RETURN_TO);
    if (request.getUserPrincipal() != null) {
      if (session != null) {
        session.removeAttribute(RETURN_TO);
      }
      response.sendRedirect(returnTo != null && returnTo.startsWith("/") && !returnTo.startsWith("//")
          ? returnTo : request.getContextPath() + "/");
      return;
    }
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    response.setContentType("text/html;charset=UTF-8");
    response.getWriter().write("""
        <!DOCTYPE html><html lang="en"><head><title>Sign-in not completed - Roleport</title></head>
        <body><main><h1>Sign-in was not completed</h1>
        <p>The answer from the identity provider was missing, expired or did not match this browser session.
        Nothing was changed.</p><p><a href="%s/">Sign in again</a></p></main></body></html>
        """.formatted(request.getContextPath()));
  }
}
