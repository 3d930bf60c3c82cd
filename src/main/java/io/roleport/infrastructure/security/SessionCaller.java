package io.roleport.infrastructure.security;

import io.roleport.application.access.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/** Where the signed-in {@link Caller} lives: one attribute of the HTTP session. */
public final class SessionCaller {
  static final String ATTRIBUTE = "roleport.caller";

  private SessionCaller() {}

  public static Optional<Caller> of(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? Optional.empty() : Optional.ofNullable((Caller) session.getAttribute(ATTRIBUTE));
  }

  static void store(HttpServletRequest request, Caller caller) {
    request.getSession(true).setAttribute(ATTRIBUTE, caller);
  }
}
