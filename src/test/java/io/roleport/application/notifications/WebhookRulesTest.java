package io.roleport.application.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roleport.domain.WebhookDelivery;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which audited changes are webhook events, and how long a failed delivery waits before the next attempt. */
class WebhookRulesTest {

  @Test
  void clusterAndBindingChangesAreEventsAndNothingElse() {
    assertEquals(Optional.of("cluster.created"), WebhookOutbox.eventOf("cluster.create.requested"));
    assertEquals(Optional.of("cluster.active"), WebhookOutbox.eventOf("cluster.create.finished"));
    assertEquals(Optional.of("cluster.failed"), WebhookOutbox.eventOf("cluster.create.failed"));
    assertEquals(Optional.of("cluster.failed"), WebhookOutbox.eventOf("cluster.delete.failed"));
    assertEquals(Optional.of("cluster.deleted"), WebhookOutbox.eventOf("cluster.delete.finished"));
    assertEquals(Optional.of("binding.bound"), WebhookOutbox.eventOf("binding.set"));
    assertEquals(Optional.of("binding.revoked"), WebhookOutbox.eventOf("binding.revoked"));
    assertEquals(Optional.empty(), WebhookOutbox.eventOf("kubeconfig.downloaded"));
    assertEquals(Optional.empty(), WebhookOutbox.eventOf("webhook.registered"));
  }

  @Test
  void theBackOffDoublesFromFiveSecondsToAtMostAnHour() {
    assertEquals(Duration.ofSeconds(5), WebhookDelivery.delayAfter(1));
    assertEquals(Duration.ofSeconds(10), WebhookDelivery.delayAfter(2));
    assertEquals(Duration.ofSeconds(20), WebhookDelivery.delayAfter(3));
    assertEquals(Duration.ofHours(1), WebhookDelivery.delayAfter(12));
    assertEquals(Duration.ofHours(1), WebhookDelivery.delayAfter(60));
  }
}
