package io.roleport.web.routing;

import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.clusters.ClusterService;
import io.roleport.infrastructure.security.SessionCaller;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Where a page request enters: maps the URL to its view and, for organization-scoped URLs, asks the
 * tenant guard first. An organization or cluster the caller may not see answers 404 before any view
 * is built. Postbacks come back to the same URL (see {@link RoutedViewHandler}) and pass the same check.
 */
@WebFilter(urlPatterns = "/*")
public class RouterFilter extends HttpFilter {

  @Inject TenantGuard guard;
  @Inject ClusterService clusters;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.isEmpty() || path.equals("/")) {
      response.sendRedirect(request.getContextPath() + "/orgs");
      return;
    }
    Optional<Route.Match> match = Route.match(path);
    Optional<Caller> caller = SessionCaller.of(request);
    if (match.isEmpty() || caller.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Route.Match m = match.get();
    try {
      if (m.slug() != null) {
        guard.require(caller.get(), m.slug());
      }
      if (m.clusterId() != null) {
        clusters.detail(caller.get(), m.slug(), m.clusterId());
      }
    } catch (NotFoundException e) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    request.setAttribute(Route.PATH, path);
    if (m.slug() != null) {
      request.setAttribute(Route.SLUG, m.slug());
    }
    if (m.clusterId() != null) {
      request.setAttribute(Route.CLUSTER_ID, m.clusterId());
    }
    request.getRequestDispatcher(m.route().viewPath()).forward(request, response);
  }
}
