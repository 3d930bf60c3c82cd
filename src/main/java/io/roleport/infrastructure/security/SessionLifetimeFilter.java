package io.roleport.infrastructure.security;

import io.roleport.application.access.Caller;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.AuditEvent.Outcome;
import io.roleport.infrastructure.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Keeps a sign-in true to the identity provider, before any page sees the caller:
 * <ul>
 *   <li>after {@code roleport.session.max-lifetime} (default 8 hours) the sign-in ends, however active;</li>
 *   <li>once the ID token has expired, the person's groups are read again with the refresh token, so a person
 *       removed from a group loses what it gave, and one disabled at the provider (refresh refused) is signed out;
 *       without a refresh token the person goes through the provider again (silently while its session lasts);</li>
 *   <li>when the installation roles the groups give change (operator, support), the person signs in again, since
 *       the container fixes those at sign-in.</li>
 * </ul>
 * The idle timeout is the session's own ({@code roleport.session.idle-timeout}, set at sign-in). A provider that
 * cannot be reached leaves the sign-in as it is and is asked again after {@link SignInSession#RETRY}.
 */
public class SessionLifetimeFilter extends HttpFilter {
  private static final Logger LOG = Logger.getLogger(SessionLifetimeFilter.class.getName());

  @Inject OidcClient oidc;
  @Inject OidcAuthenticationMechanism mechanism;
  @Inject Settings settings;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  /** One renewal at a time per session: the refresh token is single-use at providers that rotate it. */
  private final ConcurrentHashMap<String, Object> renewing = new ConcurrentHashMap<>();

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpSession session = request.getSession(false);
    Optional<Caller> caller = SessionCaller.of(request);
    Optional<SignInSession> signIn = session == null ? Optional.empty() : SignInSession.of(session);
    if (caller.isEmpty() || signIn.isEmpty() || exempt(request)) {
      chain.doFilter(request, response);
      return;
    }
    switch (signIn.get().next(clock.instant(), settings.sessionMaxLifetime())) {
      case END -> {
        end(request, response, caller.get(), SessionEndedServlet.LIFETIME);
        return;
      }
      case RENEW -> {
        if (!renew(request, response, session)) {
          return;
        }
      }
      case CONTINUE -> { }
    }
    chain.doFilter(request, response);
  }

  /** Static resources, the health probe and the sign-in endpoints themselves are not checked. */
  private static boolean exempt(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/auth/") || path.startsWith("/jakarta.faces.resource/") || path.startsWith("/resources/")
        || path.equals("/health") || path.startsWith("/workload-identity/");
  }

  /** Renews the sign-in; false when the request was answered instead (signed out, or sent to sign in again). */
  private boolean renew(HttpServletRequest request, HttpServletResponse response, HttpSession session)
      throws IOException, ServletException {
    Object lock = renewing.computeIfAbsent(session.getId(), id -> new Object());
    try {
      synchronized (lock) {
        Instant now = clock.instant();
        Optional<Caller> caller = SessionCaller.of(request);
        Optional<SignInSession> current = SignInSession.of(session);
        if (caller.isEmpty() || current.isEmpty()
            || current.get().next(now, settings.sessionMaxLifetime()) != SignInSession.Next.RENEW) {
          return true; // renewed (or ended) by a request that held the lock before this one
        }
        SignInSession state = current.get();
        OidcClient.Provider provider = (OidcClient.Provider) session.getAttribute(OidcAuthenticationMechanism.PROVIDER);
        if (state.refreshToken() == null || provider == null) {
          signInAgain(request, response, caller.get(), "no refresh token");
          return false;
        }
        OidcClient.SignIn fresh;
        try {
          fresh = oidc.refresh(provider, state.refreshToken(), state.providerSubject(),
              provider.thirdPartyOrg() == null && settings.groupsFromUserInfo());
        } catch (OidcClient.RefreshRefused refused) {
          end(request, response, caller.get(), SessionEndedServlet.REVOKED);
          return false;
        } catch (Exception unreachable) {
          LOG.warning(() -> "cannot renew the sign-in of " + caller.get().subject() + " at " + provider.issuer()
              + " (" + unreachable.getClass().getSimpleName() + "); asking again in " + SignInSession.RETRY);
          state.retryLater(now).store(session);
          return true;
        }
        Caller before = caller.get();
        Caller renewed = mechanism.callerOf(provider, fresh);
        if (renewed.platformAdmin() != before.platformAdmin() || renewed.support() != before.support()) {
          audit.standalone(before.subject(), null, null, "signin.rolesChanged", Outcome.OK,
              "groups " + renewed.groups());
          signInAgain(request, response, before, "installation roles changed");
          return false;
        }
        SessionCaller.store(request, renewed);
        session.setAttribute(OidcAuthenticationMechanism.ID_TOKEN, fresh.idTokenJwt());
        state.renewed(fresh.idToken().getExpirationTime().toInstant(), fresh.refreshToken()).store(session);
        if (!renewed.groups().equals(before.groups())) {
          audit.standalone(before.subject(), null, null, "signin.groupsChanged", Outcome.OK,
              "groups " + renewed.groups());
        }
        return true;
      }
    } finally {
      renewing.remove(session.getId(), lock);
    }
  }

  /** Ends the sign-in here (the provider's session is its own) and says why on {@code /auth/ended}. */
  private void end(HttpServletRequest request, HttpServletResponse response, Caller caller, String why)
      throws IOException, ServletException {
    audit.standalone(caller.subject(), null, null, "signin.ended", Outcome.OK, why);
    if (request.getUserPrincipal() != null) {
      request.logout();
    }
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    String target = request.getContextPath() + "/auth/ended?why=" + why
        + (caller.identityOrg() == null ? "" : "&org=" + URLEncoder.encode(caller.identityOrg(), StandardCharsets.UTF_8));
    redirect(request, response, target);
  }

  /**
   * Ends the local sign-in only and sends the person back to this page through the provider, which signs them in
   * again without a prompt while its own session lasts, with their groups of now.
   */
  private void signInAgain(HttpServletRequest request, HttpServletResponse response, Caller caller, String why)
      throws IOException, ServletException {
    LOG.fine(() -> "signing " + caller.subject() + " in again: " + why);
    if (request.getUserPrincipal() != null) {
      request.logout();
    }
    HttpSession session = request.getSession();
    session.removeAttribute(SessionCaller.ATTRIBUTE);
    session.removeAttribute(SignInSession.ATTRIBUTE);
    String here = request.getRequestURI();
    if ("GET".equals(request.getMethod()) && request.getQueryString() != null) {
      here += "?" + request.getQueryString();
    }
    redirect(request, response, here);
  }

  /** A redirect the browser follows, also from a Faces ajax request (a partial response naming the target). */
  static void redirect(HttpServletRequest request, HttpServletResponse response, String target) throws IOException {
    if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
      response.setContentType("text/xml;charset=UTF-8");
      response.setHeader("Cache-Control", "no-store");
      response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
          + target.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;") + "\"/></partial-response>");
      return;
    }
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", target);
  }
}
