package io.roleport.web.shell;

import io.roleport.application.access.Caller;
import io.roleport.infrastructure.security.SessionCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/** Who is signed in, for views and beans: the {@link Caller} the sign-in stored in the session. */
@Named
@RequestScoped
public class ActiveUser {

  @Inject HttpServletRequest request;
  @Inject io.roleport.application.access.Limits limits;

  public Caller caller() {
    return SessionCaller.of(request).orElseThrow(() -> new IllegalStateException("no signed-in caller"));
  }

  /**
   * Counts an attempt that calls a customer's cloud as Roleport (validation, binding, access check, secret
   * rotation) against this person's and this address's rate limits.
   *
   * @throws io.roleport.domain.DomainException when a limit is reached (the message says when to try again)
   */
  public void countCloudCheck() {
    limits.validation(caller(), request.getRemoteAddr());
  }

  public String getName() {
    return caller().displayName();
  }

  /** The address of the page being shown (as the browser asked for it, before routing), to come back to. */
  public String getCurrentPath() {
    Object routed = request.getAttribute(jakarta.servlet.RequestDispatcher.FORWARD_REQUEST_URI);
    String path = routed == null ? request.getRequestURI() : routed.toString();
    Object query = request.getAttribute(jakarta.servlet.RequestDispatcher.FORWARD_QUERY_STRING);
    String q = routed == null ? request.getQueryString() : (query == null ? null : query.toString());
    return q == null ? path : path + "?" + q;
  }

  public boolean isSupport() {
    return caller().support();
  }

  public boolean isPlatformAdmin() {
    return caller().platformAdmin();
  }
}
