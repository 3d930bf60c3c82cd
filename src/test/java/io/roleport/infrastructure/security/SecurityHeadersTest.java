package io.roleport.infrastructure.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

  @Test
  void thePolicyAllowsFormsOnlyToThisSiteAndTheProvidersOrigins() {
    String policy = SecurityHeaders.contentSecurityPolicy(
        List.of("https://idp.example.com/realms/corp", "javascript:alert(1)", "https://idp.example.com:8443/x"));

    assertTrue(policy.contains("form-action 'self' https://idp.example.com https://idp.example.com:8443;"), policy);
    for (String directive : List.of("default-src 'self'", "object-src 'none'", "base-uri 'self'",
        "frame-ancestors 'none'")) {
      assertTrue(policy.contains(directive), policy);
    }
    assertTrue(policy.endsWith("script-src 'self'"), policy);
    assertFalse(policy.contains("javascript"), policy);
    assertFalse(policy.replaceAll("style-src[^;]*;", "").contains("unsafe-inline"), "scripts only by nonce: " + policy);
  }

  @Test
  void aFacesPageKeepsTheRequestsPolicyAndTakesOnlyPrimeFacesNonce() {
    String policy = SecurityHeaders.contentSecurityPolicy(List.of("https://idp.example.com"));

    assertEquals(policy + " 'nonce-YWJj+/9=';",
        SecurityHeaders.withNonceOf(policy, "script-src 'self' 'nonce-YWJj+/9=';"));
    assertEquals(policy + ";", SecurityHeaders.withNonceOf(policy, "script-src 'self' 'unsafe-inline'"));
    assertEquals(policy + ";", SecurityHeaders.withNonceOf(policy, null));
  }

  @Test
  void httpsIsToldByThePublicUrlOrTheRequest() {
    assertTrue(SecurityHeaders.https(Optional.of("HTTPS://portal.example.com"), false));
    assertTrue(SecurityHeaders.https(Optional.empty(), true));
    assertFalse(SecurityHeaders.https(Optional.of("http://127.0.0.1:8080"), false));
    assertFalse(SecurityHeaders.https(Optional.empty(), false));
  }
}
