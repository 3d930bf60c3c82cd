package io.roleport.sim.azure;

import static io.roleport.sim.azure.AzureSimClients.INITECH_SUBSCRIPTION;
import static io.roleport.sim.azure.AzureSimClients.INITECH_TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #12 (AKS half): the real {@code /usr/bin/kubectl} with the kubeconfig AKS returns for an Entra ID cluster
 * ({@code listClusterUserCredential}, which Roleport hands out unchanged: {@code AzureCloudProvider.userKubeconfig}).
 * What is replaced, because it cannot run here: kubelogin is not installed, so its {@code command} names a small
 * stand-in script that does what {@code kubelogin get-token --login ropc} does (POST the ROPC grant with the
 * kubeconfig's tenant, client and server ids to the token endpoint, print an ExecCredential); the login mode is
 * switched from devicecode to ropc as {@code kubelogin convert-kubeconfig -l ropc} does; and the cluster's FQDN and
 * certificate authority, which do not exist here, are replaced by the simulator's AKS endpoint and certificate.
 */
class AksKubectlTest {
  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
  static AzureSimulator sim;
  static AksFixture aks;
  static Path home;
  static String kubeconfig;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Files.isExecutable(KUBECTL), "/usr/bin/kubectl is missing: install Debian's kubernetes-client (.ci/run does)");
    sim = AzureSimulator.start(0, Path.of("config/simulator-seed-azure.json"), Path.of("target/azure-sim-kubectl"));
    aks = new AksFixture(sim, "aks-kubectl");
    home = Files.createDirectories(Path.of("target/aks-kubectl"));
    String issued = new String(aks.clients.aks(aks.operator, INITECH_TENANT, INITECH_SUBSCRIPTION).serviceClient()
        .getManagedClusters().listClusterUserCredentials(AksFixture.RG, aks.cluster).kubeconfigs().get(0).value(),
        StandardCharsets.UTF_8);
    assertTrue(issued.contains("command: kubelogin") && issued.contains("- " + EntraApi.AKS_SERVER_APP), issued);
    assertFalse(issued.contains("token:"), "an Entra ID cluster's kubeconfig carries no credential");
    Path standIn = home.resolve("kubelogin-ropc");
    Files.writeString(standIn, STAND_IN);
    Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path ca = home.resolve("sim-ca.pem");
    Files.writeString(ca, sim.certificatePem());
    kubeconfig = issued
        .replaceFirst("server: https://\\S+", "server: " + aks.api())
        .replaceFirst("certificate-authority-data: \\S+", "certificate-authority-data: "
            + Base64.getEncoder().encodeToString(sim.certificatePem().getBytes(StandardCharsets.US_ASCII)))
        .replace("- devicecode", "- ropc")
        .replace("command: kubelogin", "command: " + standIn.toAbsolutePath());
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  /** What {@code kubelogin get-token --login ropc} does, in sh and curl (kubelogin is not installed here). */
  private static final String STAND_IN = """
      #!/bin/sh
      [ "$1" = get-token ] || { echo "stand-in: only get-token" >&2; exit 2; }
      shift
      while [ $# -gt 0 ]; do
        case "$1" in
          --server-id) server=$2; shift 2 ;;
          --client-id) client=$2; shift 2 ;;
          --tenant-id) tenant=$2; shift 2 ;;
          --login|-l) login=$2; shift 2 ;;
          --environment) shift 2 ;;
          *) echo "stand-in: unknown argument $1" >&2; exit 2 ;;
        esac
      done
      [ "$login" = ropc ] || { echo "stand-in: --login ropc only" >&2; exit 2; }
      resp=$(curl -sS --cacert "$SIM_CA" -X POST "$SIM_AUTHORITY/$tenant/oauth2/v2.0/token" \\
        --data-urlencode grant_type=password --data-urlencode "client_id=$client" \\
        --data-urlencode "username=$AAD_USER_PRINCIPAL_NAME" --data-urlencode "password=$AAD_USER_PRINCIPAL_PASSWORD" \\
        --data-urlencode "scope=$server/.default")
      token=$(printf '%s' "$resp" | sed -n 's/.*"access_token":"\\([^"]*\\)".*/\\1/p')
      [ -n "$token" ] || { echo "stand-in: sign-in failed: $resp" >&2; exit 1; }
      printf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false},"status":{"token":"%s"}}\\n' "$token"
      """;

  record Run(int exit, String out, String err) {}

  private static Run kubectl(String config, String upn, String password, String... args) throws Exception {
    Path dir = Files.createTempDirectory(home, "kubectl");
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, config);
    List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", file.toString(),
        "--cache-dir", dir.resolve("cache").toString(), "--request-timeout", "20s"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AZURE_") || k.startsWith("AAD_") || k.startsWith("KUBE"));
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", dir.toString());
    env.put("AAD_USER_PRINCIPAL_NAME", upn);
    env.put("AAD_USER_PRINCIPAL_PASSWORD", password);
    env.put("SIM_AUTHORITY", sim.endpoint().toString());
    env.put("SIM_CA", home.resolve("sim-ca.pem").toAbsolutePath().toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " timed out");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void aPersonInTheAdminGroupSeesTheNodes() throws Exception {
    Run nodes = kubectl(kubeconfig, "ada@initech.example", AksFixture.PASSWORD, "get", "nodes");
    assertEquals(0, nodes.exit(), nodes.err());
    List<String> ready = nodes.out().lines().filter(l -> l.startsWith("aks-system-") && l.contains(" Ready ")).toList();
    assertEquals(2, ready.size(), nodes.out());
    Run can = kubectl(kubeconfig, "ada@initech.example", AksFixture.PASSWORD, "auth", "can-i", "create",
        "clusterrolebindings");
    assertEquals("yes", can.out().strip(), can.err());
  }

  @Test
  void aReaderMayListButNotCreateDeploymentsNorSeeNodesAndAWriterMayCreate() throws Exception {
    Run create = kubectl(kubeconfig, "vic@initech.example", AksFixture.PASSWORD, "auth", "can-i", "create", "deployments");
    // AKS's webhook gives the reason, which kubectl prints after the answer
    assertEquals("no - User does not have access to the resource in Azure. Update role assignment to allow access.",
        create.out().strip(), create.err());
    assertEquals(1, create.exit());
    Run pods = kubectl(kubeconfig, "vic@initech.example", AksFixture.PASSWORD, "get", "pods");
    assertEquals(0, pods.exit(), pods.err());
    assertTrue(pods.err().contains("No resources found"), pods.err());
    Run nodes = kubectl(kubeconfig, "vic@initech.example", AksFixture.PASSWORD, "get", "nodes");
    assertNotEquals(0, nodes.exit());
    assertTrue(nodes.err().contains("Forbidden") && nodes.err().contains("User \"vic@initech.example\" cannot list resource"
        + " \"nodes\"") && nodes.err().contains("Update role assignment to allow access"), nodes.err());
    Run writer = kubectl(kubeconfig, "dev@initech.example", AksFixture.PASSWORD, "auth", "can-i", "create", "deployments");
    assertEquals("yes", writer.out().strip(), writer.err());
  }

  @Test
  void aTokenForAnotherAudienceIsUnauthorizedAndAWrongPasswordGetsNoToken() throws Exception {
    // The same sign-in, asking Entra ID for a token for ARM instead of the AKS server app.
    String otherAudience = kubeconfig.replace("- " + EntraApi.AKS_SERVER_APP, "- https://management.azure.com");
    Run other = kubectl(otherAudience, "ada@initech.example", AksFixture.PASSWORD, "get", "nodes");
    assertNotEquals(0, other.exit());
    // kubectl 1.20 words it "(Unauthorized)", newer ones "(the server has asked for the client to provide credentials)"
    assertTrue(other.err().contains("You must be logged in to the server"), other.err());
    Run wrong = kubectl(kubeconfig, "ada@initech.example", "not-the-password", "get", "nodes");
    assertNotEquals(0, wrong.exit());
    assertTrue(wrong.err().contains("AADSTS50126") || wrong.err().contains("invalid_grant"), wrong.err());
  }
}
