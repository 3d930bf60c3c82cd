package io.roleport.infrastructure.security;

import io.roleport.application.access.Caller;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.AuditEvent.Outcome;
import io.roleport.domain.DomainException;
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
  static final String LOGIN = "/auth/login/";
  static final String PROVIDER = "roleport.provider";
  /** The ID token of this session's sign-in: the hint the provider's end-session endpoint asks for. */
  static final String ID_TOKEN = "roleport.idToken";
  private static final java.util.regex.Pattern THIRD_PARTY_PATH =
      java.util.regex.Pattern.compile("/(?:tp|auth/login)/([a-z0-9-]+)(?:/.*)?");
  private static final String PENDING = "roleport.pendingLogin";

  @Inject OidcClient oidc;
  @Inject Settings settings;
  @Inject AuditTrail audit;
  @Inject io.roleport.application.thirdparty.IdentityProviderService identityProviders;
  @Inject io.roleport.application.audit.PersonDirectory people;
  @Inject java.time.Clock clock;
  @Inject io.roleport.application.access.Limits limits;

  @Override
  public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
      HttpMessageContext context) {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (CALLBACK.equals(path)) {
      return callback(request, response, context);
    }
    boolean explicitLogin = path.startsWith(LOGIN);
    if (!explicitLogin && request.getUserPrincipal() == null && request.getSession(false) != null
        && SignInSession.of(request.getSession(false)).isPresent()) {
      // A session this instance did not sign in (another instance did; the session came from the data grid):
      // the container learns the person again from it, so they stay signed in when an instance stops.
      Caller known = SessionCaller.of(request).orElse(null);
      if (known != null) {
        return context.notifyContainerAboutLogin(known.subject(), containerGroups(known));
      }
    }
    if (!context.isProtected() && !explicitLogin) {
      return context.doNothing();
    }
    if (!explicitLogin && !"GET".equals(request.getMethod()) && request.getRequestedSessionId() != null
        && !request.isRequestedSessionIdValid()) {
      // A form or ajax post in a session this instance does not know: the instance that signed the person in
      // stopped and the (sticky) proxy sent them here, or the session expired. The post is not replayed; the
      // person goes back to the page they were on (GET), which signs them in again through the provider (at
      // once while its own session lasts) and shows that page.
      LOG.fine(() -> "a " + request.getMethod() + " in a session unknown here: back to " + request.getRequestURI());
      try {
        SessionLifetimeFilter.redirect(request, response, samePage(request));
      } catch (java.io.IOException e) {
        LOG.fine(() -> "could not send the person back to the page: " + e.getMessage());
      }
      return AuthenticationStatus.SEND_CONTINUE;
    }
    try {
      limits.signInFrom(request.getRemoteAddr());
    } catch (DomainException tooMany) {
      audit.standalone("anonymous", null, null, "signin", Outcome.REFUSED, tooMany.key());
      return tooMany(response, tooMany);
    }
    OidcClient.Provider provider = providerFor(path);
    String returnTo = explicitLogin ? request.getContextPath()
        + (provider.thirdPartyOrg() == null ? "/" : "/tp/" + provider.thirdPartyOrg()) : returnTo(request);
    PendingLogin login = oidc.newLogin(provider, callbackUri(request), returnTo);
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

  /**
   * The provider a sign-in goes to: a third party's own, when the URL names a third-party organization that
   * has one ({@code /tp/{slug}...} or {@code /auth/login/{slug}}); otherwise the corporate provider.
   */
  private OidcClient.Provider providerFor(String path) {
    java.util.regex.Matcher m = THIRD_PARTY_PATH.matcher(path);
    if (m.matches()) {
      return identityProviders.forOrganization(m.group(1))
          .map(p -> new OidcClient.Provider(p.issuer(), p.clientId(), p.orgSlug()))
          .orElseGet(oidc::corporate);
    }
    return oidc.corporate();
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
    String[] issuers = request.getParameterValues("iss");
    if (issuers != null && (issuers.length != 1 || !issuers[0].equals(login.provider().issuer()))) {
      // RFC 9207: the answer names another issuer than the one this sign-in went to (mix-up): give it up.
      session.removeAttribute(PENDING);
      LOG.warning(() -> "sign-in answer naming issuer(s) " + String.join(", ", issuers) + " for a login at "
          + login.provider().issuer());
      audit.standalone("anonymous", null, null, "signin", Outcome.REFUSED, "issuer mix-up");
      return context.doNothing();
    }
    session.removeAttribute(PENDING);
    try {
      OidcClient.Provider provider = login.provider();
      OidcClient.SignIn signIn = oidc.redeem(login, code,
          provider.thirdPartyOrg() == null && settings.groupsFromUserInfo());
      Caller caller = callerOf(provider, signIn);
      try {
        limits.signInOf(caller.subject());
      } catch (DomainException tooMany) {
        audit.standalone(caller.subject(), null, null, "signin", Outcome.REFUSED, tooMany.key());
        return tooMany(response, tooMany);
      }
      request.getSession().setAttribute(PROVIDER, provider);
      request.getSession().setAttribute(ID_TOKEN, signIn.idTokenJwt());
      request.changeSessionId();
      SignInSession.begin(clock.instant(), signIn.idToken().getSubject().getValue(),
          signIn.idToken().getExpirationTime().toInstant(), signIn.refreshToken()).store(request.getSession());
      request.getSession().setMaxInactiveInterval(
          (int) Math.min(Integer.MAX_VALUE, settings.sessionIdleTimeout().toSeconds()));
      SessionCaller.store(request, caller);
      request.getSession().setAttribute(CallbackServlet.RETURN_TO, login.returnTo());
      people.remember(caller);
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

  /** Too many sign-in attempts: 429 with the wait, and a page that says which limit and when to try again. */
  private static AuthenticationStatus tooMany(HttpServletResponse response, DomainException refusal) {
    Object[] args = refusal.args(); // per minute, seconds to wait
    try {
      response.setStatus(429);
      response.setHeader("Retry-After", String.valueOf(args[1]));
      response.setContentType("text/html;charset=UTF-8");
      String who = refusal.key().endsWith(".person") ? "for one person" : "from one network address";
      response.getWriter().write("""
          <!DOCTYPE html><html lang="en"><head><title>Too many sign-in attempts - Roleport</title></head>
          <body><main><h1 id="tooMany">Too many sign-in attempts</h1>
          <p>Roleport allows %s sign-ins a minute %s. Nothing was changed. Wait %s seconds, then
          <a href="./">try again</a>.</p></main></body></html>
          """.formatted(args[0], who, args[1]));
    } catch (java.io.IOException e) {
      LOG.fine(() -> "could not write the too-many page: " + e.getMessage());
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  /** The person a validated sign-in (or its renewal) at {@code provider} stands for. */
  Caller callerOf(OidcClient.Provider provider, OidcClient.SignIn signIn) {
    return provider.thirdPartyOrg() == null ? caller(signIn) : thirdPartyCaller(provider, signIn);
  }

  /** Someone from a third party's own provider: a third-party user of that organization, by its subject. */
  private static Caller thirdPartyCaller(OidcClient.Provider provider, OidcClient.SignIn signIn) {
    String subject = signIn.idToken().getSubject().getValue();
    Object name = signIn.claim("preferred_username", false);
    return Caller.ofThirdPartyProvider(provider.thirdPartyOrg(), subject, name == null ? subject : name.toString());
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
    var claims = signIn.idToken();
    return new Caller(subject, name == null ? subject : name, groups, admin, support)
        .withIdentityToken(new io.roleport.application.access.IdentityToken(signIn.idTokenJwt(),
            claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()));
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

  /** The page a request was made from or to, as a GET (its query string kept: it is part of the page's URL). */
  static String samePage(HttpServletRequest request) {
    String query = request.getQueryString();
    return request.getRequestURI() + (query == null ? "" : "?" + query);
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
