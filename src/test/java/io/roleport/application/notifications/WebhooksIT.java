package io.roleport.application.notifications;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.WorkerSwitch;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.DomainException;
import io.roleport.domain.WebhookDelivery;
import io.roleport.testenv.Deployments;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #15, item 6: an organization's webhook, in the deployed application against MariaDB, posting to a real HTTPS
 * receiver ({@link WebhookReceiver}). Events are signed with the organization's secret (checked here as a receiver
 * would), a 500 is tried again after the back-off, another organization's events never reach this webhook, the URL
 * must be https, refusals change nothing, and the secret is stored sealed. The provisioning worker is paused: the
 * events are the ones the requests make ({@code cluster.created}). Organizations {@code zzhook-…}.
 */
@ExtendWith(ArquillianExtension.class)
class WebhooksIT {

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(WebhooksIT.class, WebhookReceiver.class, WebhookReceiver.Received.class);
  }

  @Inject WebhookService webhooks;
  @Inject OrganizationService organizations;
  @Inject ClusterService clusters;
  @Inject WorkerSwitch worker;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  private static WebhookReceiver receiver;

  /**
   * Starts the receiver once, inside the deployment (JUnit's {@code @BeforeAll} runs on the client side with
   * Arquillian); it stops with the deployment's server.
   */
  @BeforeEach
  void startReceiver() throws Exception {
    synchronized (WebhooksIT.class) {
      if (receiver == null) {
        var config = ConfigProvider.getConfig();
        receiver = WebhookReceiver.start(Path.of(config.getValue("roleport.webhooks.truststore", String.class)),
            config.getValue("roleport.webhooks.truststore-password", String.class));
      }
    }
  }

  @Test
  void eventsArriveSignedWithTheOrganizationsSecretAndOnlyAtItsOwnWebhook() throws Exception {
    Caller alpha = admin("alpha");
    Caller beta = admin("beta");
    var alphaSecret = webhooks.register(alpha, "zzhook-alpha", receiver.url("/alpha"));
    var betaSecret = webhooks.register(beta, "zzhook-beta", receiver.url("/beta"));
    assertNotEquals(alphaSecret.secret(), betaSecret.secret(), "a secret per organization");

    worker.pause();
    try {
      clusters.create(alpha, "zzhook-alpha", spec("hook-a1"));
      clusters.create(beta, "zzhook-beta", spec("hook-b1"));
    } finally {
      worker.resume(); // only the events of the requests are asserted: the clusters' later events may follow
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> !created(receiver.received("/alpha"), "hook-a1").isEmpty()
        && !created(receiver.received("/beta"), "hook-b1").isEmpty());
    WebhookReceiver.Received got = created(receiver.received("/alpha"), "hook-a1").get(0);
    assertEquals("application/json", got.header("Content-Type"));
    assertEquals("cluster.created", got.header("Roleport-Event"));
    String signature = got.header("Roleport-Signature");
    assertTrue(signature.matches("t=\\d+,v1=[0-9a-f]{64}"), signature);
    assertTrue(WebhookSignature.verify(alphaSecret.secret(), signature, got.body()), "signed with alpha's secret");
    assertFalse(WebhookSignature.verify(betaSecret.secret(), signature, got.body()), "not with beta's");
    assertFalse(WebhookSignature.verify(alphaSecret.secret(), signature, got.body().replace("hook-a1", "hook-a2")),
        "a changed body fails the check");
    long t = Long.parseLong(signature.substring(2, signature.indexOf(',')));
    assertTrue(Math.abs(System.currentTimeMillis() / 1000 - t) < 120, "signed now: " + t);
    JsonObject event = json(got.body());
    assertEquals("zzhook-alpha", event.getJsonObject("organization").getString("slug"));
    assertEquals(got.header("Roleport-Delivery"), event.getString("id"));
    assertEquals("222222222222", event.getString("account"), "the default account the cluster goes to");
    assertEquals("it-hook-alpha", event.getString("actor"));

    for (WebhookReceiver.Received r : receiver.received("/alpha")) {
      assertEquals("zzhook-alpha", json(r.body()).getJsonObject("organization").getString("slug"),
          "alpha's webhook hears only alpha's events: " + r.body());
    }
    for (WebhookReceiver.Received r : receiver.received("/beta")) {
      assertEquals("zzhook-beta", json(r.body()).getJsonObject("organization").getString("slug"));
      assertTrue(WebhookSignature.verify(betaSecret.secret(), r.header("Roleport-Signature"), r.body()));
    }
    WebhookView log = webhooks.view(alpha, "zzhook-alpha");
    assertTrue(log.deliveries().stream().anyMatch(d -> d.eventType().equals("cluster.created")
        && d.status() == WebhookDelivery.Status.DELIVERED && Integer.valueOf(200).equals(d.lastStatus())),
        "the delivery log shows it: " + log.deliveries());
  }

  @Test
  void aDeliveryAnswered500IsTriedAgainAfterTheBackOffAndTheLogSaysSo() throws Exception {
    Caller gamma = admin("gamma");
    var secret = webhooks.register(gamma, "zzhook-gamma", receiver.url("/gamma"));
    receiver.answer("/gamma", 500);
    worker.pause();
    try {
      clusters.create(gamma, "zzhook-gamma", spec("hook-g1"));
    } finally {
      worker.resume();
    }
    await().atMost(Duration.ofSeconds(45)).until(() -> created(receiver.received("/gamma"), "hook-g1").size() >= 2);
    List<WebhookReceiver.Received> tries = created(receiver.received("/gamma"), "hook-g1");
    assertEquals(tries.get(0).header("Roleport-Delivery"), tries.get(1).header("Roleport-Delivery"),
        "the same delivery, tried again");
    Duration pause = Duration.between(tries.get(0).at(), tries.get(1).at());
    assertTrue(pause.compareTo(WebhookDelivery.delayAfter(1)) >= 0, "waited the back-off first: " + pause);
    assertTrue(WebhookSignature.verify(secret.secret(), tries.get(1).header("Roleport-Signature"), tries.get(1).body()));

    await().atMost(Duration.ofSeconds(10)).until(() -> webhooks.view(gamma, "zzhook-gamma").deliveries().stream()
        .anyMatch(d -> d.eventType().equals("cluster.created") && d.status() == WebhookDelivery.Status.DELIVERED));
    WebhookView.Delivery delivered = webhooks.view(gamma, "zzhook-gamma").deliveries().stream()
        .filter(d -> d.eventType().equals("cluster.created")).findFirst().orElseThrow();
    assertEquals(2, delivered.attempts());
    assertEquals(200, delivered.lastStatus());
  }

  @Test
  void theUrlMustBeHttpsOnlyAdministratorsRegisterAndARefusalChangesNothing() throws Exception {
    Caller delta = admin("delta");
    assertEquals("webhook.url.notHttps", refusal(() -> webhooks.register(delta, "zzhook-delta",
        "http://127.0.0.1:9/hook")));
    assertEquals("webhook.url.required", refusal(() -> webhooks.register(delta, "zzhook-delta", "  ")));
    assertEquals("webhook.url.invalid", refusal(() -> webhooks.register(delta, "zzhook-delta",
        "https://user:secret@127.0.0.1/hook")));
    assertEquals("webhook.url.unknownHost", refusal(() -> webhooks.register(delta, "zzhook-delta",
        "https://no-such-host.invalid/hook")));
    Caller member = new Caller("it-hook-member", "Member", Set.of("zzhook-delta-members"), false, false);
    addMember(delta, "zzhook-delta", "zzhook-delta-members");
    assertEquals("access.notOrgAdmin", refusal(() -> webhooks.register(member, "zzhook-delta",
        receiver.url("/delta"))));
    Caller operator = new Caller("it-hook-operator", "Operator", Set.of(), true, false);
    assertEquals("access.notOrgAdmin", refusal(() -> webhooks.register(operator, "zzhook-delta",
        receiver.url("/delta"))), "operators see the log but the organization decides");
    assertFalse(webhooks.view(delta, "zzhook-delta").registered(), "nothing was registered");
    assertEquals("webhook.none", refusal(() -> webhooks.rotate(delta, "zzhook-delta")));

    var first = webhooks.register(delta, "zzhook-delta", receiver.url("/delta"));
    assertEquals("webhook.alreadyRegistered", refusal(() -> webhooks.register(delta, "zzhook-delta",
        receiver.url("/other"))));
    assertEquals(receiver.url("/delta"), webhooks.view(operator, "zzhook-delta").url());
    try (Connection db = dataSource.getConnection();
        PreparedStatement s = db.prepareStatement("select w.secret_ciphertext, w.secret_fingerprint from webhook w"
            + " join organization o on o.id = w.org_id where o.slug = 'zzhook-delta'")) {
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next());
        assertFalse(r.getString(1).contains(first.secret().substring(6)), "stored sealed, never in clear");
        assertEquals(first.fingerprint(), r.getString(2));
      }
    }

    var rotated = webhooks.rotate(delta, "zzhook-delta");
    assertNotEquals(first.secret(), rotated.secret());
    assertEquals(rotated.fingerprint(), webhooks.view(delta, "zzhook-delta").fingerprint());
    worker.pause();
    try {
      clusters.create(delta, "zzhook-delta", spec("hook-d1"));
    } finally {
      worker.resume();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> !created(receiver.received("/delta"), "hook-d1").isEmpty());
    WebhookReceiver.Received got = created(receiver.received("/delta"), "hook-d1").get(0);
    assertTrue(WebhookSignature.verify(rotated.secret(), got.header("Roleport-Signature"), got.body()));
    assertFalse(WebhookSignature.verify(first.secret(), got.header("Roleport-Signature"), got.body()),
        "the old secret no longer signs");

    webhooks.remove(delta, "zzhook-delta");
    assertFalse(webhooks.view(delta, "zzhook-delta").registered());
    assertTrue(webhooks.view(delta, "zzhook-delta").deliveries().isEmpty(), "its log went with it");
  }

  /** A new organization {@code zzhook-<name>} and its administrator. */
  private Caller admin(String name) {
    Caller admin = new Caller("it-hook-" + name, "Admin " + name, Set.of("zzhook-" + name + "-leads"), false, false);
    organizations.create(admin, "Hook " + name, "zzhook-" + name, "zzhook-" + name + "-leads");
    return admin;
  }

  @Inject io.roleport.application.organizations.MappingService mappings;

  private void addMember(Caller admin, String slug, String group) {
    mappings.add(admin, slug, group, io.roleport.domain.OrgRole.MEMBER);
  }

  private static List<WebhookReceiver.Received> created(List<WebhookReceiver.Received> got, String cluster) {
    return got.stream().filter(r -> "cluster.created".equals(r.header("Roleport-Event"))
        && cluster.equals(json(r.body()).getString("cluster", ""))).toList();
  }

  private static JsonObject json(String body) {
    try (var reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }

  private static String refusal(org.junit.jupiter.api.function.Executable action) {
    return assertThrows(DomainException.class, action).key();
  }

  private static ClusterSpec spec(String name) {
    return new ClusterSpec(new ClusterName(name), "eu-west-1", "1.33", "m6i.large", 2);
  }
}
