package io.roleport.application.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The signature a receiver checks: HMAC-SHA256 over "t.body", as documented in docs/webhooks.md. */
class WebhookSignatureTest {

  @Test
  void theSignatureIsTheHmacOfTimeDotBodyInHex() {
    // computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    assertEquals("t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
        WebhookSignature.header("whsec_test", 1_700_000_000L, "{\"a\":1}"));
  }

  @Test
  void onlyTheSameSecretTimeAndBodyVerify() {
    String header = WebhookSignature.header("whsec_a", 1_700_000_000L, "{\"type\":\"cluster.active\"}");
    assertTrue(WebhookSignature.verify("whsec_a", header, "{\"type\":\"cluster.active\"}"));
    assertFalse(WebhookSignature.verify("whsec_b", header, "{\"type\":\"cluster.active\"}"));
    assertFalse(WebhookSignature.verify("whsec_a", header, "{\"type\":\"cluster.deleted\"}"));
    assertFalse(WebhookSignature.verify("whsec_a", header.replace("t=1700000000", "t=1700000001"),
        "{\"type\":\"cluster.active\"}"), "the time is signed too: a replay cannot claim a new time");
    assertFalse(WebhookSignature.verify("whsec_a", "v1=abc", "{}"));
  }
}
