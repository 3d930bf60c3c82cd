package io.roleport.infrastructure.workload;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Publishes the workload identity issuer for relying parties such as Entra ID: {@code GET
 * /workload-identity/.well-known/openid-configuration} (discovery) and {@code GET /workload-identity/jwks} (public
 * keys only). Public in {@code web.xml}: no sign-in, no session, nothing about any organization. 404 when the
 * installation has no workload identity configured.
 */
@WebServlet("/workload-identity/*")
public class WorkloadIdentityServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient WorkloadIdentityIssuer issuer;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    Optional<WorkloadTokenSigner> signer = issuer.signer();
    String body = signer.map(s -> switch (path) {
      case WorkloadTokenSigner.DISCOVERY_PATH -> s.discoveryJson();
      case WorkloadTokenSigner.JWKS_PATH -> s.jwksJson();
      default -> null;
    }).orElse(null);
    if (body == null) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    // relying parties cache the keys; a rotation publishes the next key before it signs (docs/azure.md)
    response.setHeader("Cache-Control", "public, max-age=300");
    response.getWriter().write(body);
  }
}
