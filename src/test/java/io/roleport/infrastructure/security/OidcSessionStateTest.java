package io.roleport.infrastructure.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.infrastructure.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: what the OIDC sign-in keeps in the HTTP session (the pending login, then the provider of the
 * signed-in session) never holds the client secret; it names the provider, and the secret stays in the settings.
 */
class OidcSessionStateTest {
  private static final String SECRET = "corporate-client-secret-0123456789";

  private final OidcClient oidc = new OidcClient();

  OidcSessionStateTest() {
    oidc.settings = new Settings() {
      @Override
      public String oidcIssuer() {
        return "https://idp.example.test/realms/corp";
      }

      @Override
      public String oidcClientId() {
        return "roleport";
      }

      @Override
      public String oidcClientSecret() {
        return SECRET;
      }
    };
  }

  @Test
  void whatTheSessionKeepsOfASignInHoldsNoClientSecret() throws Exception {
    OidcClient.Provider corporate = oidc.corporate();
    OidcClient.PendingLogin pending = oidc.newLogin(corporate, URI.create("https://portal.example.test/auth/callback"),
        "/orgs");
    for (Object kept : new Object[] {corporate, pending}) {
      String serialized = serialized(kept);
      assertFalse(serialized.contains(SECRET), "the secret is in the session's " + kept.getClass().getSimpleName());
      assertFalse(kept.toString().contains(SECRET));
    }
    assertTrue(serialized(corporate).contains("https://idp.example.test/realms/corp"), "it names the provider");
    assertTrue(corporate.corporate());
    assertFalse(new OidcClient.Provider("https://idp.tailspin.test", "roleport-tp", "tailspin").corporate(),
        "a third party's provider is a public client");
    assertEquals("roleport", corporate.clientId());
  }

  private static String serialized(Object value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
