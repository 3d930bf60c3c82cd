package io.roleport.application.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityTokenTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJndXMifQ.c2lnbmF0dXJl";

  @Test
  void aTokenIsUsableOnlyWhileItStaysValidForTheMargin() {
    IdentityToken token = new IdentityToken(JWT, NOW.minusSeconds(600), NOW.plusSeconds(120));

    assertTrue(token.usableAt(NOW, Duration.ofSeconds(60)));
    assertFalse(token.usableAt(NOW, Duration.ofSeconds(120)), "expiring exactly at the margin is too old");
    assertFalse(token.usableAt(NOW.plusSeconds(61), Duration.ofSeconds(60)));
  }

  @Test
  void neitherTheTokenNorTheCallerCarryingItShowTheTokenWhenPrinted() {
    Caller caller = new Caller("gus", "Gus", Set.of("globex-leads"), false, false)
        .withIdentityToken(new IdentityToken(JWT, NOW, NOW.plusSeconds(3600)));

    assertEquals(JWT, caller.token().orElseThrow().jwt());
    assertFalse(caller.toString().contains("eyJ"), caller.toString());
    assertFalse(caller.token().orElseThrow().toString().contains("eyJ"));
  }

  @Test
  void aThirdPartysOwnSignInCarriesNoTokenForCorporateAccounts() {
    Caller thirdParty = Caller.ofThirdPartyProvider("tailspin", "t1", "Tara");

    assertTrue(thirdParty.token().isEmpty());
    assertThrows(IllegalArgumentException.class,
        () -> thirdParty.withIdentityToken(new IdentityToken(JWT, NOW, NOW.plusSeconds(60))));
  }
}
