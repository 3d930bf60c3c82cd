package io.roleport.application.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Issue #13: a validation that just passed stands for the checks at bind only for the same organization, the same
 * person and exactly the same inputs, within {@link PassedValidations#FRESH_FOR}, and only once.
 */
class PassedValidationsTest {
  private static final String A = "arn:aws:iam::151515151515:role/BindOnceAutomation";
  private static final String S = "arn:aws:iam::151515151515:role/BindOnceSupport";

  /** A clock the test moves. */
  static final class Hands extends Clock {
    Instant now = Instant.parse("2026-11-29T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Hands clock = new Hands();
  private final PassedValidations passed = new PassedValidations(clock);

  @Test
  void aPassedValidationStandsOnceForExactlyTheSameOrganizationPersonAndInputs() {
    passed.remember(7, "gus", "aws", "ROLE_ASSUMPTION", A, S);

    assertFalse(passed.take(8, "gus", "aws", "ROLE_ASSUMPTION", A, S), "another organization");
    assertFalse(passed.take(7, "alice", "aws", "ROLE_ASSUMPTION", A, S), "another person");
    assertFalse(passed.take(7, "gus", "azure", "ROLE_ASSUMPTION", A, S), "another cloud");
    assertFalse(passed.take(7, "gus", "aws", "WEB_IDENTITY", A, S), "another way of acting");
    assertFalse(passed.take(7, "gus", "aws", "ROLE_ASSUMPTION", S, A), "the roles swapped");
    assertFalse(passed.take(7, "gus", "aws", "ROLE_ASSUMPTION", A + " ", S), "one character more");
    assertFalse(passed.take(7, "gus", "aws", "ROLE_ASSUMPTION", A, null), "an input missing");
    assertTrue(passed.take(7, "gus", "aws", "ROLE_ASSUMPTION", A, S));
    assertFalse(passed.take(7, "gus", "aws", "ROLE_ASSUMPTION", A, S), "used up by the first bind");
  }

  @Test
  void itStandsForFiveMinutesOnly() {
    passed.remember(7, "gus", "aws", "ROLE_ASSUMPTION", A, S);
    clock.now = clock.now.plus(PassedValidations.FRESH_FOR).minusSeconds(1);
    assertTrue(passed.take(7, "gus", "aws", "ROLE_ASSUMPTION", A, S));

    passed.remember(7, "gus", "aws", "ROLE_ASSUMPTION", A, S);
    clock.now = clock.now.plus(PassedValidations.FRESH_FOR);
    assertFalse(passed.take(7, "gus", "aws", "ROLE_ASSUMPTION", A, S), "five minutes old");
    assertEquals(Duration.ofMinutes(5), PassedValidations.FRESH_FOR);
  }

  @Test
  void aFailedValidationOfTheSameInputsWithdrawsAPassedOne() {
    passed.remember(7, "gus", "azure", "SECRET", "t", "s", "c", "secret-1");
    passed.forget(7, "gus", "azure", "SECRET", "t", "s", "c", "secret-1");
    assertFalse(passed.take(7, "gus", "azure", "SECRET", "t", "s", "c", "secret-1"));
  }

  @Test
  void aSecretIsKeptOnlyAsPartOfAHashAndFieldBoundariesCount() {
    String key = PassedValidations.key(7, "gus", "azure", "SECRET", "t", "s", "c", "my-client-secret");
    assertFalse(key.contains("my-client-secret"));
    assertEquals(64, key.length());
    assertNotEquals(PassedValidations.key(7, "gus", "aws", "ab", "c"), PassedValidations.key(7, "gus", "aws", "a", "bc"));
    assertNotEquals(PassedValidations.key(7, "gus", "aws", (String) null), PassedValidations.key(7, "gus", "aws", "null"));
  }

  @Test
  void oldEntriesAreDroppedAndTheNumberKeptIsBounded() {
    passed.remember(1, "gus", "aws", "x");
    clock.now = clock.now.plus(PassedValidations.FRESH_FOR);
    passed.remember(2, "gus", "aws", "x");
    assertEquals(1, passed.size(), "the expired one is gone");
    for (int i = 0; i < PassedValidations.MAX_KEPT + 10; i++) {
      passed.remember(100 + i, "gus", "aws", "x");
    }
    assertEquals(PassedValidations.MAX_KEPT, passed.size());
    assertFalse(passed.take(100, "gus", "aws", "x"), "the oldest went first");
    assertTrue(passed.take(100 + PassedValidations.MAX_KEPT + 9, "gus", "aws", "x"));
  }
}
