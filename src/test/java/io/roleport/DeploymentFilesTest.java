package io.roleport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roleport.testenv.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue #16: the deployment files cannot run here (no container runtime, no cluster), so they are read as data:
 * every YAML file parses; the image's Payara Micro is the build's; the compose file has MariaDB, Keycloak importing
 * the realm of {@code config/keycloak/} (client, groups mapper, demo users), the migrations, two instances and a
 * proxy in front of both; the Kubernetes manifests have probes on the MicroProfile Health endpoints, the three
 * secrets by reference, a migration Job with the schema owner, a PodDisruptionBudget, and a kustomization naming
 * every manifest. ({@code kubectl kustomize docker/k8s} also builds them offline.)
 */
@SuppressWarnings("unchecked")
class DeploymentFilesTest {
  private final Path docker = ProjectPaths.resolve("docker");

  @Test
  void theImageRunsThePayaraMicroVersionTheBuildUses() throws IOException {
    Matcher pom = Pattern.compile("<payara.version>([^<]+)</payara.version>")
        .matcher(Files.readString(ProjectPaths.resolve("pom.xml")));
    assertTrue(pom.find());
    List<String> froms = Files.readAllLines(docker.resolve("Dockerfile")).stream()
        .filter(l -> l.startsWith("FROM payara/micro:")).toList();
    assertEquals(List.of("FROM payara/micro:" + pom.group(1) + "-jdk17 AS roleport"), froms);
    String entrypoint = Files.readString(docker.resolve("entrypoint.sh"));
    assertTrue(entrypoint.contains("--clustermode \"$ROLEPORT_CLUSTER_MODE\""), "grid discovery from the environment");
    assertTrue(entrypoint.contains("--nocluster --nohazelcast"), "a single instance opens no grid port");
    assertTrue(entrypoint.contains("exec java"), "Payara gets SIGTERM itself");
  }

  /**
   * Issue #13: production runs Payara as the benchmark measured it: 8 HTTP threads unless ROLEPORT_HTTP_THREADS says
   * otherwise (a wrong value stops the start with a message), and DRBG for SecureRandom. The entrypoint runs here with
   * {@code sh}, with a {@code java} first on the PATH that records its arguments and the preboot file it is given.
   */
  @Test
  void theEntrypointStartsPayaraWithEightHttpThreadsOrTheConfiguredNumberAndDrbg(@org.junit.jupiter.api.io.TempDir
      Path home) throws Exception {
    Files.copy(docker.resolve("payara-preboot.asadmin"), home.resolve("payara-preboot.asadmin"));
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$RECORD.args\"\n"
        + "while [ $# -gt 0 ]; do [ \"$1\" = --prebootcommandfile ] && cp \"$2\" \"$RECORD.preboot\"; shift; done\n");
    assertTrue(java.toFile().setExecutable(true));

    List<String> args = entrypoint(home, Map.of(), 0);
    assertEquals("-Djava.security.egd=file:/dev/./urandom", args.get(0), "DRBG, before -jar: " + args);
    assertEquals(List.of("-jar", home + "/payara-micro.jar"), args.subList(1, 3));
    assertTrue(args.containsAll(List.of("--nocluster", "--nohazelcast")), args.toString());
    List<String> preboot = Files.readAllLines(home.resolve("run.preboot"));
    assertTrue(preboot.containsAll(Files.readAllLines(docker.resolve("payara-preboot.asadmin"))), "the image's commands");
    String pool = "set configs.config.server-config.thread-pools.thread-pool.http-thread-pool.";
    assertTrue(preboot.containsAll(List.of(pool + "max-thread-pool-size=8", pool + "min-thread-pool-size=8")),
        preboot.toString());

    entrypoint(home, Map.of("ROLEPORT_HTTP_THREADS", "24"), 0);
    assertTrue(Files.readAllLines(home.resolve("run.preboot")).containsAll(List.of(pool + "max-thread-pool-size=24",
        pool + "min-thread-pool-size=24")));

    Files.delete(home.resolve("run.args"));
    entrypoint(home, Map.of("ROLEPORT_HTTP_THREADS", "eight"), 64);
    assertFalse(Files.exists(home.resolve("run.args")), "Payara does not start with a wrong value");
  }

  /** Runs docker/entrypoint.sh (its Payara home: {@code home}); the arguments its java got, one per line. */
  private List<String> entrypoint(Path home, Map<String, String> env, int exitCode) throws Exception {
    ProcessBuilder run = new ProcessBuilder("sh", docker.resolve("entrypoint.sh").toString()).redirectErrorStream(true);
    run.environment().put("PATH", home.resolve("bin") + ":" + System.getenv("PATH"));
    run.environment().put("ROLEPORT_PAYARA_HOME", home.toString());
    run.environment().put("RECORD", home.resolve("run").toString());
    run.environment().put("TMPDIR", home.toString());
    run.environment().remove("ROLEPORT_CLUSTER_MODE");
    run.environment().putAll(env);
    Process process = run.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(exitCode, process.waitFor(), output);
    if (exitCode != 0) {
      assertTrue(output.contains("ROLEPORT_HTTP_THREADS must be a whole number"), output);
      return List.of();
    }
    return Files.readAllLines(home.resolve("run.args"));
  }

  @Test
  void everyYamlFileParses() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(docker)) {
      files = walk.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).toList();
    }
    assertTrue(files.size() >= 8, files.toString());
    for (Path file : files) {
      assertFalse(load(file).isEmpty(), file + " has documents");
    }
  }

  @Test
  void composeRunsMariaDbKeycloakWithTheRealmMigrationsTwoInstancesAndAProxy() throws IOException {
    Map<String, Object> compose = (Map<String, Object>) load(docker.resolve("docker-compose.yml")).get(0);
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertEquals(List.of("db", "migrate", "keycloak", "roleport-a", "roleport-b", "proxy"),
        new ArrayList<>(services.keySet()));

    Map<String, Object> keycloak = (Map<String, Object>) services.get("keycloak");
    assertTrue(((List<String>) keycloak.get("command")).contains("--import-realm"));
    assertTrue(((List<String>) keycloak.get("volumes")).contains("../config/keycloak:/opt/keycloak/data/import:ro"));

    for (String name : List.of("roleport-a", "roleport-b")) {
      Map<String, Object> instance = (Map<String, Object>) services.get(name); // the YAML merge key resolved
      Map<String, Object> env = (Map<String, Object>) instance.get("environment");
      assertEquals("false", env.get("ROLEPORT_DB_MIGRATE_ON_START"), name);
      assertEquals("roleport_app", env.get("ROLEPORT_DB_USER"), name + " runs with the runtime user");
      assertEquals("tcpip:roleport-a:6900,roleport-b:6900", env.get("ROLEPORT_CLUSTER_MODE"), name);
      assertEquals(name, instance.get("hostname"));
    }
    Map<String, Object> migrate = (Map<String, Object>) services.get("migrate");
    assertEquals("roleport", ((Map<String, Object>) migrate.get("environment")).get("FLYWAY_USER"),
        "migrations run as the schema owner");
    String nginx = Files.readString(docker.resolve("nginx.conf"));
    assertTrue(nginx.contains("server roleport-a:8080") && nginx.contains("server roleport-b:8080"), nginx);
    assertTrue(nginx.contains("location = /metrics { return 404; }"), "metrics are not public");

    JsonNode realm = new ObjectMapper().readTree(ProjectPaths.resolve("config/keycloak/roleport-realm.json").toFile());
    assertEquals("roleport", realm.path("realm").asText());
    JsonNode client = realm.path("clients").get(0);
    assertEquals("roleport", client.path("clientId").asText());
    assertFalse(client.path("publicClient").asBoolean());
    assertEquals("oidc-group-membership-mapper", client.path("protocolMappers").get(0).path("protocolMapper").asText());
    assertEquals("groups", client.path("protocolMappers").get(0).path("config").path("claim.name").asText());
    assertTrue(client.path("redirectUris").get(0).asText().startsWith("http://localhost:8080/"));
    List<String> users = new ArrayList<>();
    realm.path("users").forEach(u -> users.add(u.path("username").asText() + "=" + u.path("groups").get(0).asText()));
    assertTrue(users.containsAll(List.of("alice=/acme-leads", "gus=/globex-leads", "olga=/roleport-operators")), users.toString());
  }

  @Test
  void kubernetesHasProbesSecretReferencesAMigrationJobAndADisruptionBudget() throws IOException {
    Path k8s = docker.resolve("k8s");
    Map<String, Object> kustomization = (Map<String, Object>) load(k8s.resolve("kustomization.yaml")).get(0);
    List<String> resources = (List<String>) kustomization.get("resources");
    try (Stream<Path> files = Files.list(k8s)) {
      assertEquals(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("kustomization.yaml")).sorted()
          .toList(), resources.stream().sorted().toList(), "the kustomization names every manifest");
    }
    Map<String, Map<String, Object>> byKind = new java.util.HashMap<>();
    for (String resource : resources) {
      for (Object doc : load(k8s.resolve(resource))) {
        Map<String, Object> m = (Map<String, Object>) doc;
        byKind.put(m.get("kind") + "/" + ((Map<String, Object>) m.get("metadata")).get("name"), m);
      }
    }
    assertTrue(byKind.keySet().containsAll(List.of("Deployment/roleport", "Service/roleport", "Service/roleport-grid",
        "Job/roleport-migrate", "PodDisruptionBudget/roleport", "ConfigMap/roleport")), byKind.keySet().toString());

    Map<String, Object> container = container(byKind.get("Deployment/roleport"));
    assertEquals("/health/ready", path(container, "readinessProbe"));
    assertEquals("/health/live", path(container, "livenessProbe"));
    List<String> secrets = new ArrayList<>();
    for (Map<String, Object> env : (List<Map<String, Object>>) container.get("env")) {
      Map<String, Object> ref = (Map<String, Object>) ((Map<String, Object>) env.get("valueFrom")).get("secretKeyRef");
      secrets.add(env.get("name") + "<-" + ref.get("key"));
    }
    assertEquals(List.of("ROLEPORT_DB_PASSWORD<-db-password", "ROLEPORT_OIDC_CLIENT_SECRET<-oidc-client-secret",
        "ROLEPORT_CRYPTO_KEY<-crypto-key"), secrets);
    Map<String, Object> config = (Map<String, Object>) byKind.get("ConfigMap/roleport").get("data");
    assertEquals("false", config.get("ROLEPORT_DB_MIGRATE_ON_START"));
    assertEquals("dns:roleport-grid:6900", config.get("ROLEPORT_CLUSTER_MODE"));
    assertFalse(config.keySet().stream().anyMatch(k -> k.contains("PASSWORD") || k.contains("SECRET")
        || k.contains("CRYPTO_KEY")), "no secret in the ConfigMap");
    Map<String, Object> podSpec = podSpec(byKind.get("Deployment/roleport"));
    assertTrue((Integer) podSpec.get("terminationGracePeriodSeconds") > 20, "longer than roleport.shutdown.grace");

    Map<String, Object> job = container(byKind.get("Job/roleport-migrate"));
    assertEquals("roleport-migrations", job.get("image"));
    assertTrue(((List<Map<String, Object>>) job.get("env")).stream()
        .anyMatch(e -> "FLYWAY_USER".equals(e.get("name")) && "roleport".equals(e.get("value"))), "the schema owner");
    Map<String, Object> grid = (Map<String, Object>) byKind.get("Service/roleport-grid").get("spec");
    assertEquals("None", grid.get("clusterIP"));
    Map<String, Object> pdb = (Map<String, Object>) byKind.get("PodDisruptionBudget/roleport").get("spec");
    assertEquals(1, pdb.get("minAvailable"));
  }

  private static List<Object> load(Path file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<Object> docs = new ArrayList<>();
    new Yaml(options).loadAll(Files.readString(file)).forEach(d -> {
      if (d != null) {
        docs.add(d);
      }
    });
    return docs;
  }

  private static Map<String, Object> podSpec(Map<String, Object> workload) {
    Map<String, Object> spec = (Map<String, Object>) workload.get("spec");
    return (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
  }

  private static Map<String, Object> container(Map<String, Object> workload) {
    return ((List<Map<String, Object>>) podSpec(workload).get("containers")).get(0);
  }

  private static String path(Map<String, Object> container, String probe) {
    return (String) ((Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet")).get("path");
  }
}
