package io.roleport.application.access;

import java.time.Duration;
import java.time.Instant;

/**
 * The ID token the corporate identity provider issued at the person's last sign-in, kept with the session
 * so Roleport can act in an account that trusts that provider as the person themself (AWS web identity).
 * A bearer credential: {@code toString} never shows it.
 */
public record IdentityToken(String jwt, Instant issuedAt, Instant expiresAt) implements java.io.Serializable {

  /** Whether the token is still valid for at least {@code margin} at {@code now}. */
  public boolean usableAt(Instant now, Duration margin) {
    return now.plus(margin).isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "IdentityToken[issued " + issuedAt + ", expires " + expiresAt + "]";
  }
}
