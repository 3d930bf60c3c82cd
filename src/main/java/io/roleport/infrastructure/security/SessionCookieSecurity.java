package io.roleport.infrastructure.security;

import io.roleport.infrastructure.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.Optional;

/**
 * Marks the session cookie {@code Secure} when the portal's public URL is https (TLS ends at a proxy, so the
 * container sees plain HTTP and would not do it by itself). HttpOnly and SameSite=Lax are set in web.xml.
 */
@WebListener
public class SessionCookieSecurity implements ServletContextListener {
  @Inject Settings settings;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    Optional<String> publicUrl = settings.publicUrl();
    if (SecurityHeaders.https(publicUrl, false)) {
      event.getServletContext().getSessionCookieConfig().setSecure(true);
    }
  }
}
