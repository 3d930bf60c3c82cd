package io.roleport.infrastructure.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /auth/login/{slug}}: a third party's sign-in link. The authentication mechanism sends a signed-out
 * visitor to the organization's own provider; a signed-in one lands here and goes on to the area.
 */
@WebServlet("/auth/login/*")
public class LoginServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String slug = request.getPathInfo() == null ? "" : request.getPathInfo().replaceAll("[^a-z0-9-]", "");
    response.sendRedirect(request.getContextPath() + (slug.isEmpty() ? "/" : "/tp/" + slug));
  }
}
