package io.roleport.infrastructure.security;

import io.roleport.application.access.Caller;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.AuditEvent.Outcome;
import io.roleport.infrastructure.config.Settings;
import io.roleport.infrastructure.security.OidcClient.PendingLogin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Signs people in through the corporate OpenID Connect provider. A protected request without a session
 * goes to the provider; the callback checks state, redeems the code with the PKCE verifier, validates the
 * ID token and tells the container who the caller is. Container roles are {@code user} plus the
 * installation roles ({@code platform-admin}, {@code support}) the IdP groups give; organization roles
 * are computed per request from the group mappings, so a mapping change applies without re-login.
 */
@ApplicationScoped
@AutoApplySession
public class OidcAuthenticationMechanism implements HttpAuthenticationMechanism {
  private static final Logger LOG = Logger.getLogger(OidcAuthenticationMechanism.class.getName());
  static final String CALLBACK = "/auth/callback";
  private static final String PENDING = "roleport.pendingLogin";

  @Inject OidcClient oidc;
  @Inject Settings settings;
  @Inject AuditTrail audit;

  @Override
  public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
      HttpMessageContext context) {
    if (CALLBACK.equals(request.getServletPath())) {
      return callback(request, response, context);
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    PendingLogin login = oidc.newLogin(callbackUri(request), returnTo(request));
    String authorizationUri;
    try {
      authorizationUri = oidc.authorizationUri(login).toString();
    } catch (IllegalStateException providerDown) {
      LOG.warning(() -> "identity provider unreachable: " + providerDown.getMessage());
      return unavailable(response);
    }
    request.getSession(true).setAttribute(PENDING, login);
    return context.redirect(authorizationUri);
  }

  private AuthenticationStatus callback(HttpServletRequest request, HttpServletResponse response,
      HttpMessageContext context) {
    var session = request.getSession(false);
    PendingLogin login = session == null ? null : (PendingLogin) session.getAttribute(PENDING);
    String state = request.getParameter("state");
    String code = request.getParameter("code");
    if (login == null || state == null || code == null || !login.state().getValue().equals(state)) {
      return context.doNothing(); // the callback page explains and offers to start again
    }
    session.removeAttribute(PENDING);
    try {
      Caller caller = caller(oidc.redeem(login, code, settings.groupsFromUserInfo()));
      request.changeSessionId();
      SessionCaller.store(request, caller);
      request.getSession().setAttribute(CallbackServlet.RETURN_TO, login.returnTo());
      audit.standalone(caller.subject(), null, null, "signin", Outcome.OK, "groups " + caller.groups());
      return context.notifyContainerAboutLogin(caller.subject(), containerGroups(caller));
    } catch (Exception e) {
      LOG.log(Level.WARNING, "sign-in failed: " + e.getMessage());
      audit.standalone("anonymous", null, null, "signin", Outcome.FAILED, e.getClass().getSimpleName());
      return context.doNothing();
    }
  }

  /** The identity provider cannot be reached: say so (503) instead of failing with a server error. */
  private static AuthenticationStatus unavailable(HttpServletResponse response) {
    try {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setHeader("Retry-After", "30");
      response.setContentType("text/html;charset=UTF-8");
      response.getWriter().write("""
          <!DOCTYPE html><html lang="en"><head><title>Sign-in unavailable - Roleport</title></head>
          <body><main><h1>Sign-in is unavailable right now</h1>
          <p>Roleport cannot reach the identity provider. Nothing was changed. Try again in a minute; if it
          keeps failing, tell your platform operator.</p></main></body></html>
          """);
    } catch (java.io.IOException e) {
      LOG.fine(() -> "could not write the unavailable page: " + e.getMessage());
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  /** The caller the configured claims describe (claim names differ between identity providers). */
  private Caller caller(OidcClient.SignIn signIn) {
    Object subjectClaim = signIn.claim(settings.subjectClaim(), false);
    if (subjectClaim == null) {
      throw new IllegalStateException("the ID token has no " + settings.subjectClaim() + " claim");
    }
    String subject = subjectClaim.toString();
    Object nameClaim = signIn.claim(settings.nameClaim(), settings.groupsFromUserInfo());
    String name = nameClaim == null ? null : nameClaim.toString();
    Object groupClaim = signIn.claim(settings.groupsClaim(), settings.groupsFromUserInfo());
    Set<String> groups = new LinkedHashSet<>();
    if (groupClaim instanceof java.util.Collection<?> values) {
      values.forEach(v -> groups.add(String.valueOf(v)));
    } else if (groupClaim instanceof String single && !single.isBlank()) {
      groups.add(single);
    }
    boolean admin = groups.stream().anyMatch(settings.platformAdminGroups()::contains);
    boolean support = groups.stream().anyMatch(settings.supportGroups()::contains);
    return new Caller(subject, name == null ? subject : name, groups, admin, support);
  }

  private static Set<String> containerGroups(Caller caller) {
    Set<String> roles = new HashSet<>();
    roles.add("user");
    if (caller.platformAdmin()) {
      roles.add("platform-admin");
    }
    if (caller.support()) {
      roles.add("support");
    }
    return roles;
  }

  private URI callbackUri(HttpServletRequest request) {
    return URI.create(baseUrl(request) + CALLBACK);
  }

  private String baseUrl(HttpServletRequest request) {
    return settings.publicUrl().orElseGet(() -> {
      String url = request.getRequestURL().toString();
      return url.substring(0, url.length() - request.getRequestURI().length()) + request.getContextPath();
    });
  }

  /** Where to go after sign-in: the page asked for (GET only; a form post is not replayed). */
  private static String returnTo(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod())) {
      return request.getContextPath() + "/";
    }
    String query = request.getQueryString();
    return request.getRequestURI() + (query == null ? "" : "?" + query);
  }
}
