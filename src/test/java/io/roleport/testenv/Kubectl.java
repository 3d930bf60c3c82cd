package io.roleport.testenv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.clusters.ResourceState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * The customer's {@code kubectl} (Debian's kubernetes-client) whose exec runs Debian's AWS CLI, pointed at the
 * simulator, for {@code KubectlAccessTest}, {@code KubectlWebIdentityTest} and the portal journey (the file the page hands out): each run gets its own home, no AWS keys
 * but those the person's environment names, and only /usr/bin on PATH.
 *
 * <p>Test plumbing only: the AWS CLI 2.9 cannot be pointed at another STS endpoint by configuration, so
 * {@code AWS_DATA_PATH} holds an STS endpoint rule set naming the simulator (the token's URL then names the
 * simulator's STS, which its cluster API accepts besides AWS's own STS hosts).
 */
public final class Kubectl {
  public static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  public record Run(int exit, String out, String err) {}

  private final Path home;
  private final URI simulator;

  public Kubectl(Path home, URI simulator) {
    assertTrue(Files.isExecutable(KUBECTL), "/usr/bin/kubectl is missing: install Debian's kubernetes-client (.ci/run does)");
    this.home = home;
    this.simulator = simulator;
  }

  /** A person's AWS keys, as their environment holds them. */
  public static Map<String, String> keys(String[] key) {
    return Map.of("AWS_ACCESS_KEY_ID", key[0], "AWS_SECRET_ACCESS_KEY", key[1]);
  }

  public static void assertAnswer(String expected, Run run) {
    assertEquals(expected, run.out().strip(), run.err());
  }

  /** Waits (20 s at most) until a cloud resource reaches {@code wanted}. */
  public static void awaitState(Supplier<ResourceState> state, ResourceState wanted) {
    Awaitility.await("resource becoming " + wanted).atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50)).until(state::get, s -> s == wanted);
  }

  /** A file holding a person's ID token, as {@code AWS_WEB_IDENTITY_TOKEN_FILE} names it. */
  public String tokenFile(String jwt) throws Exception {
    Path file = Files.createTempFile(home, "id-token", ".jwt");
    Files.writeString(file, jwt);
    return file.toString();
  }

  /** Runs kubectl with this kubeconfig and {@code personEnv} (keys or a token file) as the only AWS settings. */
  public Run run(String kubeconfig, Map<String, String> personEnv, String... args) throws Exception {
    Path dir = Files.createTempDirectory(home, "kubectl");
    Path config = dir.resolve("kubeconfig");
    Files.writeString(config, kubeconfig);
    Path data = dir.resolve("aws-data/sts/2011-06-15");
    Files.createDirectories(data);
    Files.writeString(data.resolve("endpoint-rule-set-1.json"), stsRuleSet(simulator.toString()));
    Files.writeString(dir.resolve("aws-config"), "");
    List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", config.toString(),
        "--cache-dir", dir.resolve("cache").toString(), "--request-timeout", "20s"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("KUBE"));
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", dir.toString());
    env.put("AWS_CONFIG_FILE", dir.resolve("aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("aws-config").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_DATA_PATH", dir.resolve("aws-data").toString());
    env.putAll(personEnv);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " timed out");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** An STS endpoint rule set (botocore's format) that sends every STS call to the simulator. */
  private static String stsRuleSet(String endpoint) {
    return """
        {"version": "1.0",
         "parameters": {
           "Region": {"builtIn": "AWS::Region", "required": false, "documentation": "region", "type": "String"},
           "UseDualStack": {"builtIn": "AWS::UseDualStack", "required": true, "default": false,
                            "documentation": "dual stack", "type": "Boolean"},
           "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": true, "default": false, "documentation": "fips",
                       "type": "Boolean"},
           "Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "documentation": "endpoint", "type": "String"},
           "UseGlobalEndpoint": {"builtIn": "AWS::STS::UseGlobalEndpoint", "required": true, "default": false,
                                 "documentation": "global", "type": "Boolean"}},
         "rules": [{"conditions": [], "endpoint": {"url": "%s", "properties": {}, "headers": {}}, "type": "endpoint"}]}
        """.formatted(endpoint);
  }
}
