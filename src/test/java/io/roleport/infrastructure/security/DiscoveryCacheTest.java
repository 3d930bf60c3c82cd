package io.roleport.infrastructure.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A third party's provider that is down holds no thread: a read times out quickly, and after a failure the
 * provider is not asked again for a while (requests fail at once). Against a real HTTP server.
 */
class DiscoveryCacheTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private HttpServer server;
  private String issuer;
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicBoolean hanging = new AtomicBoolean();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T03:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/staff";
    server.createContext("/staff/.well-known/openid-configuration", exchange -> {
      reads.incrementAndGet();
      if (hanging.get()) {
        try {
          release.await(); // a provider that accepts the connection and never answers
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] body = ("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
          + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\","
          + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
          + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void aProviderThatDoesNotAnswerFailsFastUntilItIsAskedAgain() throws Exception {
    DiscoveryCache cache = new DiscoveryCache(TIMEOUT, Duration.ofMinutes(15), Duration.ofSeconds(60), clock);
    hanging.set(true);

    long first = System.nanoTime();
    assertThrows(DiscoveryCache.Unavailable.class, () -> cache.get(issuer));
    Duration firstTook = Duration.ofNanos(System.nanoTime() - first);
    assertTrue(firstTook.compareTo(Duration.ofSeconds(3)) < 0, "the read gives up after its timeout: " + firstTook);

    long second = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThrows(DiscoveryCache.Unavailable.class, () -> cache.get(issuer));
    }
    Duration secondTook = Duration.ofNanos(System.nanoTime() - second);
    assertTrue(secondTook.compareTo(TIMEOUT) < 0, "20 requests while the breaker is open wait for nothing: "
        + secondTook);
    assertEquals(1, reads.get(), "the provider was asked once");

    hanging.set(false);
    now.set(now.get().plusSeconds(61));
    assertEquals(issuer, cache.get(issuer).getIssuer().getValue(), "asked again after a minute, and it is back");
    assertEquals(2, reads.get());
  }

  @Test
  void aDocumentIsKeptUntilItsTimeToLiveAndThenReadAgain() throws Exception {
    DiscoveryCache cache = new DiscoveryCache(TIMEOUT, Duration.ofMinutes(15), Duration.ofSeconds(60), clock);
    cache.get(issuer);
    cache.get(issuer);
    assertEquals(1, reads.get());

    now.set(now.get().plus(Duration.ofMinutes(16)));
    hanging.set(true);
    assertEquals(issuer, cache.get(issuer).getIssuer().getValue(), "a provider down keeps its last document");
    assertEquals(2, reads.get());
    cache.get(issuer);
    assertEquals(2, reads.get(), "and is not asked again while the breaker is open");
  }
}
