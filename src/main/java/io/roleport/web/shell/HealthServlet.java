package io.roleport.web.shell;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A plain {@code /health} ("ok" once the application is deployed) where Payara Micro serves no MicroProfile Health:
 * in an application deployed under a context path (the Arquillian tests' {@code /roleport}). At the root context
 * (local mode, the image, Kubernetes) Payara registers MicroProfile Health at {@code /health}, {@code /health/ready}
 * and {@code /health/live} only if no servlet of the application maps {@code /health} already, so this servlet is
 * registered there by {@link Registration} only when that cannot clash (docs/operations.md, "Health checks").
 */
public class HealthServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("text/plain");
    response.getWriter().write("ok");
  }

  /** Maps {@link HealthServlet} to {@code /health} unless the application is at the root context. */
  @WebListener
  public static class Registration implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
      ServletContext context = event.getServletContext();
      if (!context.getContextPath().isEmpty()) {
        context.addServlet("plainHealth", HealthServlet.class).addMapping("/health");
      }
    }
  }
}
