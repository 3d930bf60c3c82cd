package io.roleport.infrastructure.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a sign-in goes on, is renewed at the provider, or ends. */
class SignInSessionTest {
  private static final Instant SIGNED_IN = Instant.parse("2026-11-29T08:00:00Z");
  private static final Duration LIFETIME = Duration.ofHours(8);
  private final SignInSession session = SignInSession.begin(SIGNED_IN, "alice",
      SIGNED_IN.plus(Duration.ofMinutes(5)), "refresh-1");

  @Test
  void goesOnWhileTheIdTokenIsValid() {
    assertEquals(SignInSession.Next.CONTINUE, session.next(SIGNED_IN.plusSeconds(299), LIFETIME));
  }

  @Test
  void readsTheGroupsAgainOnceTheIdTokenHasExpired() {
    assertEquals(SignInSession.Next.RENEW, session.next(SIGNED_IN.plusSeconds(300), LIFETIME));
    SignInSession renewed = session.renewed(SIGNED_IN.plus(Duration.ofMinutes(10)), "refresh-2");
    assertEquals(SignInSession.Next.CONTINUE, renewed.next(SIGNED_IN.plusSeconds(301), LIFETIME));
    assertEquals("refresh-2", renewed.refreshToken());
    assertEquals(SIGNED_IN, renewed.signedInAt(), "a renewal does not extend the lifetime");
  }

  @Test
  void endsAtTheAbsoluteLifetimeHoweverFreshTheToken() {
    SignInSession renewed = session.renewed(SIGNED_IN.plus(Duration.ofHours(9)), "refresh-2");
    assertEquals(SignInSession.Next.CONTINUE, renewed.next(SIGNED_IN.plus(LIFETIME).minusSeconds(1), LIFETIME));
    assertEquals(SignInSession.Next.END, renewed.next(SIGNED_IN.plus(LIFETIME), LIFETIME));
  }

  @Test
  void aProviderThatCannotBeReachedIsAskedAgainOnlyAfterAPause() {
    Instant failed = SIGNED_IN.plusSeconds(400);
    SignInSession later = session.retryLater(failed);
    assertEquals(SignInSession.Next.CONTINUE, later.next(failed.plusSeconds(29), LIFETIME));
    assertEquals(SignInSession.Next.RENEW, later.next(failed.plus(SignInSession.RETRY), LIFETIME));
  }

  @Test
  void neverShowsTheRefreshToken() {
    assertFalse(session.toString().contains("refresh-1"), session.toString());
  }
}
