package io.roleport.infrastructure.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where Roleport may post webhooks: https only, and public addresses only unless the installation allows private
 * ones (local mode, tests). Literal addresses: no DNS needed.
 */
class HttpWebhookTransportTest {

  private static HttpWebhookTransport transport(boolean allowPrivate) {
    HttpWebhookTransport t = new HttpWebhookTransport();
    t.allowPrivate = allowPrivate;
    t.trustStore = Optional.empty();
    return t;
  }

  @Test
  void loopbackPrivateLinkLocalAndSharedAddressesAreRefusedByDefault() {
    HttpWebhookTransport strict = transport(false);
    for (String url : new String[] {"https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://192.168.0.10/hook",
        "https://172.16.5.5/hook", "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/hook",
        "https://[::1]/hook", "https://[fd00::1]/hook", "https://0.0.0.0/hook"}) {
      assertEquals(Optional.of("webhook.url.notPublic"), strict.refusal(url), url);
    }
    assertEquals(Optional.empty(), strict.refusal("https://93.184.215.14/hook"), "a public address");
  }

  @Test
  void httpsIsRequiredEvenWhenPrivateTargetsAreAllowed() {
    HttpWebhookTransport local = transport(true);
    assertEquals(Optional.empty(), local.refusal("https://127.0.0.1:8443/hook"));
    assertEquals(Optional.of("webhook.url.notHttps"), local.refusal("http://127.0.0.1:8080/hook"));
    assertEquals(Optional.of("webhook.url.notHttps"), local.refusal("ftp://127.0.0.1/hook"));
    assertEquals(Optional.of("webhook.url.invalid"), local.refusal("https://user:pw@127.0.0.1/hook"));
    assertEquals(Optional.of("webhook.url.invalid"), local.refusal("https:///nohost"));
    assertEquals(Optional.of("webhook.url.invalid"), local.refusal("not a url"));
  }
}
