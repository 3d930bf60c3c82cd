package io.roleport.application.notifications;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real HTTPS receiver for webhook tests: the JDK's HttpsServer on 127.0.0.1 with a self-signed certificate made by
 * the JDK's keytool (SAN ip:127.0.0.1), whose certificate it writes to the truststore Roleport is configured to trust
 * for webhooks. It keeps every request it got, and answers each path with the statuses queued for it (then 200).
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as received. */
  record Received(String path, Map<String, String> headers, String body, Instant at) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpsServer server;
  private final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();

  private WebhookReceiver(HttpsServer server) {
    this.server = server;
  }

  /** Starts a receiver; {@code trustStore} (PKCS12, {@code password}) gets its certificate. */
  static WebhookReceiver start(Path trustStore, String password) throws Exception {
    char[] keyPassword = java.util.UUID.randomUUID().toString().toCharArray();
    KeyStore keys = generate(keyPassword);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, keyPassword);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("webhook-receiver", keys.getCertificate("webhook-receiver"));
    Files.createDirectories(trustStore.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(trustStore.toAbsolutePath().getParent(), "webhook-trust", ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      trust.store(out, password.toCharArray());
    }
    Files.move(tmp, trustStore, StandardCopyOption.REPLACE_EXISTING);
    // a new file time even within the same second, so the transport reloads it
    Files.setLastModifiedTime(trustStore, java.nio.file.attribute.FileTime.from(Instant.now()));

    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    WebhookReceiver receiver = new WebhookReceiver(server);
    server.createContext("/", exchange -> {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, String> headers = new java.util.HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
      String path = exchange.getRequestURI().getPath();
      receiver.received.add(new Received(path, headers, body, Instant.now()));
      Deque<Integer> queued = receiver.answers.get(path);
      Integer status = queued == null ? null : queued.pollFirst();
      exchange.sendResponseHeaders(status == null ? 200 : status, -1);
      exchange.close();
    });
    server.start();
    return receiver;
  }

  /** The receiver's URL for {@code path}. */
  String url(String path) {
    return "https://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Answers the next requests to {@code path} with these statuses, in order (then 200). */
  void answer(String path, Integer... statuses) {
    answers.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
  }

  List<Received> received(String path) {
    synchronized (received) {
      return received.stream().filter(r -> r.path().equals(path)).toList();
    }
  }

  List<Received> all() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static KeyStore generate(char[] password) throws IOException, GeneralSecurityException,
      InterruptedException {
    Path work = Files.createTempDirectory("webhook-receiver");
    Path store = work.resolve("receiver.p12");
    try {
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "webhook-receiver", "-keyalg", "EC",
          "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost, O=Roleport webhook test receiver",
          "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth", "-storetype", "PKCS12",
          "-keystore", store.toString(), "-storepass", new String(password), "-keypass", new String(password),
          "-noprompt").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool failed: " + out);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, password);
      }
      return ks;
    } finally {
      Files.deleteIfExists(store);
      Files.deleteIfExists(work);
    }
  }
}
