package io.roleport.web.routing;

import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.clusters.ClusterService;
import io.roleport.application.thirdparty.ThirdPartyService;
import io.roleport.domain.DomainException;
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
  @Inject ThirdPartyService thirdParty;
  @Inject io.roleport.application.audit.AuditTrail audit;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Optional<Caller> caller = SessionCaller.of(request);
    if (path.isEmpty() || path.equals("/") || path.equals("/orgs") && caller.isPresent()) {
      Optional<String> thirdPartyHome = caller.flatMap(thirdParty::home);
      if (thirdPartyHome.isPresent()) {
        response.sendRedirect(request.getContextPath() + "/tp/" + thirdPartyHome.get());
        return;
      }
      if (!path.equals("/orgs")) {
        response.sendRedirect(request.getContextPath() + "/orgs");
        return;
      }
    }
    Optional<Route.Match> match = Route.match(path);
    if (match.isEmpty() || caller.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Route.Match m = match.get();
    try {
      if (m.route().download()) {
        download(m, caller.get(), response);
        return;
      }
      guardRoute(m, caller.get(), request);
    } catch (NotFoundException e) {
      audit.refused(caller.get().subject(), null, null, "access.notFound", request.getMethod() + " " + path);
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    } catch (DomainException e) {
      response.sendError(HttpServletResponse.SC_CONFLICT);
      return;
    }
    request.setAttribute(Route.PATH, path);
    if (m.slug() != null) {
      request.setAttribute(Route.SLUG, m.slug());
    }
    if (m.clusterId() != null) {
      request.setAttribute(Route.CLUSTER_ID, m.clusterId());
    }
    try {
      request.getRequestDispatcher(m.route().viewPath()).forward(request, response);
    } catch (ServletException | RuntimeException failure) {
      Optional<RuntimeException> refusal = refusal(failure);
      if (refusal.isEmpty() || response.isCommitted()) {
        throw failure;
      }
      // A page the caller's role does not allow (the service refused while the view was built): a refusal, not
      // a server error. 404 if the organization turned out to be out of sight, 403 within one they may see.
      boolean notFound = refusal.get() instanceof NotFoundException;
      audit.refused(caller.get().subject(), null, null, notFound ? "access.notFound"
          : ((DomainException) refusal.get()).key(), request.getMethod() + " " + path);
      response.sendError(notFound ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_FORBIDDEN);
    }
  }

  /** The refusal (not found, or a rule of the domain) behind a failed page, if that is what it was. */
  static Optional<RuntimeException> refusal(Throwable failure) {
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t);
        t = t instanceof ServletException s && s.getRootCause() != null ? s.getRootCause() : t.getCause()) {
      if (t instanceof NotFoundException || t instanceof DomainException) {
        return Optional.of((RuntimeException) t);
      }
    }
    return Optional.empty();
  }

  /** The tenant guard for a page: management area or third-party area, organization then cluster. */
  private void guardRoute(Route.Match m, Caller caller, HttpServletRequest request) {
    if (m.route().adminArea()) {
      boolean allowed = m.route() == Route.ADMIN_AUDIT || m.route() == Route.ADMIN_ORPHANS ? caller.platformAdmin()
          : caller.seesAllOrganizations();
      if (!allowed) {
        throw new NotFoundException("operator view");
      }
      return;
    }
    if (m.route().thirdPartyArea()) {
      if (m.clusterId() != null) {
        thirdParty.cluster(caller, m.slug(), m.clusterId());
      } else {
        thirdParty.view(caller, m.slug());
      }
      return;
    }
    if (m.slug() != null) {
      // Checked once here; the answer is the request's CurrentOrganization, which the page's beans read.
      var access = guard.enter(caller, m.slug());
      if (m.clusterId() != null) {
        // A cluster of another organization is 404 before any view; the page shows what was read here.
        request.setAttribute(Route.CLUSTER_DETAIL, clusters.detail(access, m.clusterId()));
      }
    }
  }

  /** Sends a cluster's kubeconfig as a file; a cluster that is not active yet answers 409. */
  private void download(Route.Match m, Caller caller, HttpServletResponse response) throws IOException {
    String kubeconfig = m.route().thirdPartyArea()
        ? thirdParty.kubeconfig(caller, m.slug(), m.clusterId())
        : clusters.kubeconfig(caller, m.slug(), m.clusterId());
    response.setContentType("application/yaml;charset=UTF-8");
    String cluster = m.route().thirdPartyArea() ? thirdParty.cluster(caller, m.slug(), m.clusterId()).name()
        : clusters.detail(caller, m.slug(), m.clusterId()).cluster().name();
    // Named after what it opens, so that two downloads never overwrite each other: <org>-<cluster>.kubeconfig
    response.setHeader("Content-Disposition", "attachment; filename=\"" + m.slug() + "-" + cluster + ".kubeconfig\"");
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(kubeconfig);
  }
}
