package io.roleport.infrastructure.security;

import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What Roleport keeps of a sign-in besides the {@link io.roleport.application.access.Caller}: when it began (for
 * the absolute lifetime), the subject at the provider, when its ID token ends (then the groups are read again) and
 * the refresh token to do that with (a bearer secret: {@code toString} leaves it out). {@code retryAfter} holds off
 * the next renewal while the provider cannot be reached.
 */
record SignInSession(Instant signedInAt, String providerSubject, Instant tokenExpiresAt, String refreshToken,
    Instant retryAfter) implements java.io.Serializable {
  static final String ATTRIBUTE = "roleport.signIn";
  /** How long to wait before asking a provider that could not be reached again. */
  static final Duration RETRY = Duration.ofSeconds(30);

  /** What a request should do with this sign-in at {@code now}. */
  enum Next {
    /** Go on: the sign-in is within its lifetime and its token is still valid. */
    CONTINUE,
    /** The absolute lifetime is over: the person signs in again. */
    END,
    /** The ID token has expired: read the person's groups again from the provider. */
    RENEW
  }

  static SignInSession begin(Instant now, String providerSubject, Instant tokenExpiresAt, String refreshToken) {
    return new SignInSession(now, providerSubject, tokenExpiresAt, refreshToken, Instant.MIN);
  }

  Next next(Instant now, Duration maxLifetime) {
    if (!now.isBefore(signedInAt.plus(maxLifetime))) {
      return Next.END;
    }
    if (!now.isBefore(tokenExpiresAt) && !now.isBefore(retryAfter)) {
      return Next.RENEW;
    }
    return Next.CONTINUE;
  }

  /** The same sign-in with a renewed token (and the rotated refresh token). */
  SignInSession renewed(Instant newExpiry, String newRefreshToken) {
    return new SignInSession(signedInAt, providerSubject, newExpiry, newRefreshToken, Instant.MIN);
  }

  /** The same sign-in, not to be renewed again before {@code now + RETRY}. */
  SignInSession retryLater(Instant now) {
    return new SignInSession(signedInAt, providerSubject, tokenExpiresAt, refreshToken, now.plus(RETRY));
  }

  static Optional<SignInSession> of(HttpSession session) {
    return Optional.ofNullable((SignInSession) session.getAttribute(ATTRIBUTE));
  }

  void store(HttpSession session) {
    session.setAttribute(ATTRIBUTE, this);
  }

  @Override
  public String toString() {
    return "SignInSession[since " + signedInAt + ", token until " + tokenExpiresAt + ", refreshable "
        + (refreshToken != null) + "]";
  }
}
