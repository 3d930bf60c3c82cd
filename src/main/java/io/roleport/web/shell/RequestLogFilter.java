package io.roleport.web.shell;

import io.roleport.application.RequestTrace;
import io.roleport.application.access.Caller;
import io.roleport.infrastructure.security.SessionCaller;
import io.roleport.web.routing.Route;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The first thing every request meets: gives it an id (a well-formed incoming {@code X-Request-Id}, else a new one,
 * echoed in the answer), lets the audit rows and operations it writes carry that id ({@link RequestTrace}), and
 * afterwards writes one log line (id, person's subject, organization slug, method, path without its query, status,
 * duration) and times it in the {@code roleport.requests} metric per page. Never logs a query string, header,
 * cookie or token. The page label is the route's name (a fixed set), never the URL.
 */
public class RequestLogFilter extends HttpFilter {
  static final Logger LOG = Logger.getLogger("io.roleport.requests");
  public static final String HEADER = "X-Request-Id";

  @Inject MetricRegistry metrics;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long started = System.nanoTime();
    String id = RequestTrace.open(RequestTrace.accept(request.getHeader(HEADER)));
    response.setHeader(HEADER, id);
    try {
      chain.doFilter(request, response);
    } finally {
      RequestTrace.close();
      long nanos = System.nanoTime() - started;
      String path = request.getRequestURI().substring(request.getContextPath().length());
      String page = page(path);
      if (metrics != null) {
        timers.computeIfAbsent(page, p -> metrics.timer("roleport.requests", new Tag("page", p)))
            .update(Duration.ofNanos(nanos));
      }
      // probes and scrapes (every few seconds from the orchestrator) are logged only at FINE
      java.util.logging.Level level = page.equals("health") || page.equals("metrics")
          ? java.util.logging.Level.FINE : java.util.logging.Level.INFO;
      if (LOG.isLoggable(level)) {
        String subject = SessionCaller.of(request).map(Caller::subject).orElse("-");
        Object slug = request.getAttribute(Route.SLUG);
        LOG.log(level, line(id, subject, slug == null ? "-" : slug.toString(), request.getMethod(), path,
            response.getStatus(), nanos / 1_000_000));
      }
    }
  }

  /** The log line; every free-text part is cleaned so a request cannot forge another line. */
  static String line(String id, String subject, String slug, String method, String path, int status, long millis) {
    return "request " + id + " " + clean(subject, 80) + " " + clean(slug, 64) + " " + clean(method, 10) + " "
        + clean(path, 200) + " " + status + " " + millis + " ms";
  }

  /** The metric label of a path: the route's name, or one of a few fixed words. */
  static String page(String path) {
    if (path.startsWith("/jakarta.faces.resource/") || path.startsWith("/resources/")) {
      return "static";
    }
    if (path.startsWith("/auth/")) {
      return "auth";
    }
    if (path.equals("/health") || path.startsWith("/health/")) {
      return "health";
    }
    if (path.equals("/metrics") || path.startsWith("/metrics/")) {
      return "metrics";
    }
    if (path.startsWith("/workload-identity")) {
      return "workload-identity";
    }
    if (path.isEmpty() || path.equals("/")) {
      return "home";
    }
    return Route.match(path).map(m -> m.route().name().toLowerCase(java.util.Locale.ROOT)).orElse("other");
  }

  private static String clean(String value, int max) {
    StringBuilder b = new StringBuilder(Math.min(value.length(), max));
    for (int i = 0; i < value.length() && b.length() < max; i++) {
      char c = value.charAt(i);
      b.append(c <= ' ' || c == 127 ? '_' : c);
    }
    return b.toString();
  }
}
