package io.roleport.local;

import io.roleport.testenv.AzureEndpoint;
import io.roleport.testenv.CloudEndpoint;
import io.roleport.testenv.Database;
import io.roleport.testenv.FreePorts;
import io.roleport.testenv.LocalIdp;
import io.roleport.testenv.ProjectPaths;
import io.roleport.testenv.RoleportSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Local mode: Roleport on one machine with no set-up and no real cloud or IdP.
 *
 * <p>Starts, in this JVM: an embedded MariaDB (data kept in {@code .local/mariadb}, database {@code roleport}), the
 * local OIDC provider with the demo users on 127.0.0.1:{@value #IDP_PORT}, and the cloud simulator on
 * 127.0.0.1:{@value #SIMULATOR_PORT} and the Azure simulator on https://127.0.0.1:{@value #AZURE_SIMULATOR_PORT}
 * (truststore in {@code .local/azure}) if they are on the classpath; writes {@code .local/roleport.properties} (crypto
 * key generated once into {@code .local/crypto.key}); then runs Payara Micro as a child process with the built WAR
 * at {@code http://localhost:8080/}, forwarding its output. Ctrl-C stops everything.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/classes:<test classpath> io.roleport.local.LocalMode [--fresh]}
 * from the project folder, after {@code mvn package} (needs {@code target/roleport.war} and
 * {@code target/payara-micro.jar}). {@code --fresh} deletes {@code .local/} first.
 */
public final class LocalMode {

    /** The application's HTTP port. */
    public static final int APP_PORT = 8080;
    /** The local OIDC provider's port. */
    public static final int IDP_PORT = 9400;
    /** The cloud simulator's port. */
    public static final int SIMULATOR_PORT = 4566;
    /** The Azure simulator's (HTTPS) port. */
    public static final int AZURE_SIMULATOR_PORT = 4567;

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

    private final Path root = ProjectPaths.root();
    /** Local mode's data folder: {@code .local}, or {@code -Droleport.local=<folder>} (the benchmark uses {@code .bench}). */
    private final Path local = root.resolve(System.getProperty("roleport.local", ".local"));
    /** When Payara Micro was started: the banner reports how long until the first page answered. */
    private volatile long payaraStarted;
    private final List<Runnable> stops = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Process payara;
    /** How Payara Micro is run: from its persistent root directory with a class-data archive, when it could be made. */
    private PayaraLauncher launcher;
    private boolean startedWithArchive;
    /** Set when Payara Micro logs "Payara Micro ... ready in": deployment has finished (well or not). */
    private final java.util.concurrent.CountDownLatch payaraReady = new java.util.concurrent.CountDownLatch(1);

    private LocalMode() {
    }

    public static void main(String[] args) throws Exception {
        boolean fresh = false;
        for (String arg : args) {
            switch (arg) {
                case "--fresh" -> fresh = true;
                case "-h", "--help" -> {
                    System.out.println("Usage: LocalMode [--fresh]   (--fresh deletes .local/ first: new database and key)");
                    return;
                }
                default -> {
                    System.err.println("Unknown option: " + arg + " (known: --fresh)");
                    System.exit(2);
                }
            }
        }
        LocalMode mode = new LocalMode();
        int exit = mode.run(fresh);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    private int run(boolean fresh) throws Exception {
        Path war = root.resolve(System.getProperty("roleport.war", "target/roleport.war"));
        Path micro = root.resolve(System.getProperty("payara.microJar", "target/payara-micro.jar"));
        for (Path needed : List.of(war, micro)) {
            if (!Files.isRegularFile(needed)) {
                System.err.println("Local mode needs " + needed + ": build first (mvn package).");
                return 1;
            }
        }
        for (int port : new int[] {APP_PORT, IDP_PORT, SIMULATOR_PORT, AZURE_SIMULATOR_PORT}) {
            if (!FreePorts.isFree(port)) {
                System.err.println("Port " + port + " on 127.0.0.1 is in use (is local mode already running?)."
                        + " Stop whatever uses it and try again.");
                return 1;
            }
        }
        if (fresh) {
            say("--fresh: deleting " + local);
            deleteTree(local);
        }
        Files.createDirectories(local);

        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "roleport-local-stop"));
        try {
            // The database, the IdP and the two simulators do not need each other: they start together (issue #13,
            // local mode's start time), each stopped at the end, or at once when another one fails to start.
            say("Starting MariaDB (data in .local/mariadb), the local OpenID Connect provider on 127.0.0.1:" + IDP_PORT
                    + " and the simulators ...");
            ExecutorService starters = Executors.newFixedThreadPool(5, r -> {
                Thread t = new Thread(r, "roleport-local-start");
                t.setDaemon(true);
                return t;
            });
            Future<Database> databaseStart = starters.submit(() ->
                    Database.start(new Database.Options(local.resolve("mariadb"), "roleport", true)));
            Future<LocalIdp> idpStart = starters.submit(() -> LocalIdp.start(IDP_PORT));
            Future<Optional<CloudEndpoint>> cloudStart = starters.submit(() -> CloudEndpoint.startSimulator(
                    SIMULATOR_PORT, root.resolve("config/simulator-seed.json"), null));
            Future<Optional<AzureEndpoint>> azureStart = starters.submit(() -> AzureEndpoint.startSimulator(
                    AZURE_SIMULATOR_PORT, root.resolve("config/simulator-seed-azure.json"), null, local.resolve("azure")));
            // Payara Micro's persistent root directory and class-data archive (PayaraLauncher): made once, reset here
            Future<PayaraLauncher> launcherStart = starters.submit(() -> PayaraLauncher.prepare(micro,
                    micro.resolveSibling("payara-launcher")));
            starters.shutdown();
            List<Throwable> failures = new ArrayList<>();
            Database database = started(databaseStart, d -> d::close, failures);
            LocalIdp idp = started(idpStart, i -> i::close, failures);
            Optional<CloudEndpoint> cloud = started(cloudStart, c -> () -> c.ifPresent(CloudEndpoint::close), failures);
            Optional<AzureEndpoint> azure = started(azureStart, a -> () -> a.ifPresent(AzureEndpoint::close), failures);
            launcher = started(launcherStart, l -> () -> { }, failures);
            if (!failures.isEmpty()) {
                RuntimeException failed = new IllegalStateException("could not start: " + failures.get(0).getMessage(),
                        failures.get(0));
                failures.stream().skip(1).forEach(failed::addSuppressed);
                throw failed;
            }
            say("MariaDB, the OpenID Connect provider and the simulators are up ("
                    + String.format("%.1f s", (System.currentTimeMillis()
                    - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3)
                    + " since the start)");

            String key = RoleportSettings.cryptoKeyIn(local.resolve("crypto.key"));
            // Roleport's workload identity issuer (Azure federated mode): the seed's federated demo app trusts it for acme
            String workloadIssuer = "http://127.0.0.1:" + APP_PORT + RoleportSettings.WORKLOAD_ISSUER_PATH;
            Map<String, String> settings = RoleportSettings.of(database, idp, cloud, azure, key, workloadIssuer,
                    RoleportSettings.workloadSigningKeyIn(local.resolve("workload-signing-key.jwk")));
            Path properties = RoleportSettings.write(settings, local.resolve("roleport.properties"),
                    "Roleport local mode (rewritten at every start; delete .local/ to start fresh)");
            Path preboot = local.resolve("payara-preboot.asadmin");
            Files.writeString(preboot, prebootCommands());

            say("Starting Payara Micro with " + root.relativize(war) + " ...");
            payaraStarted = System.nanoTime();
            startedWithArchive = launcher != null && launcher.archived();
            payara = startPayara(micro, war, properties, preboot);
            stops.add(0, this::stopPayara);
            Files.writeString(local.resolve("payara.pid"), String.valueOf(payara.pid()));

            Integer status = awaitApplication();
            if (status == null) {
                if (!payara.isAlive()) {
                    say("Payara Micro exited with code " + payara.exitValue() + " before the application answered.");
                } else {
                    say("The application did not answer within " + STARTUP_TIMEOUT.toMinutes() + " minutes.");
                }
                return 1;
            }
            banner(status, cloud, azure);
            int code = payara.waitFor();
            if (!stopping.get()) {
                say("Payara Micro exited with code " + code + ": stopping local mode.");
                return code == 0 ? 1 : code;
            }
            return 0;
        } catch (RuntimeException e) {
            say("Local mode failed to start: " + e.getMessage());
            e.printStackTrace();
            return 1;
        } finally {
            if (!stopping.get()) {
                stopAll();
            }
        }
    }

    /**
     * Payara Micro's command line. {@code --nohazelcast}: no data grid at all, so nothing listens beyond the HTTP
     * port ({@code --nocluster} alone still opens the grid's port 6900 on every interface).
     * {@code java.security.egd=file:/dev/./urandom} makes DRBG the default {@code SecureRandom} instead of NativePRNG,
     * whose one lock for the whole JVM every request waited on for its view-state id and CSP nonce (issue #13,
     * docs/performance.md); it is seeded from the kernel's non-blocking source all the same.
     */
    static List<String> payaraCommand(Path micro, Path war, Path properties, Path preboot) {
        return payaraCommand(List.of("-jar", micro.toString()), war, properties, preboot);
    }

    /** The same with {@code jvmAndJar} (JVM options, then {@code -jar} and the jar) instead of {@code -jar micro}. */
    static List<String> payaraCommand(List<String> jvmAndJar, Path war, Path properties, Path preboot) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Djava.security.egd=file:/dev/./urandom"));
        command.addAll(jvmAndJar);
        command.addAll(List.of(
                "--deploy", war.toString(),
                "--contextroot", "/",
                "--port", String.valueOf(APP_PORT),
                "--nocluster",
                "--nohazelcast",
                "--systemproperties", properties.toString(),
                "--prebootcommandfile", preboot.toString()));
        return List.copyOf(command);
    }

    /**
     * The pre-boot commands, the same as the tests' ({@code payara-preboot.asadmin} on the test classpath): HTTP on
     * 127.0.0.1 only, no server name or version in responses.
     */
    static String prebootCommands() {
        try (var in = LocalMode.class.getResourceAsStream("/payara-preboot.asadmin")) {
            if (in == null) {
                throw new IllegalStateException("payara-preboot.asadmin is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process startPayara(Path micro, Path war, Path properties, Path preboot) throws IOException {
        List<String> command = payaraCommand(launcher.jvmAndJar(micro), war, properties, preboot);
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("[payara] " + line);
                    if (line.contains("Payara Micro") && line.contains(" ready in ")) {
                        payaraReady.countDown();
                    }
                }
            } catch (IOException e) {
                // process ended
            }
        }, "payara-output");
        pump.setDaemon(true);
        pump.start();
        return process;
    }

    /**
     * Waits until Payara Micro says it is ready (its HTTP port opens before the WAR is deployed), then polls the
     * application until it answers; returns the HTTP status, or null if it never did.
     */
    private Integer awaitApplication() throws InterruptedException {
        long readyBy = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (payara.isAlive() && !payaraReady.await(1, TimeUnit.SECONDS)) {
            if (System.nanoTime() > readyBy) {
                return null;
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP_PORT + "/"))
                .timeout(Duration.ofSeconds(30)).build();
        java.util.concurrent.atomic.AtomicReference<Integer> status = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            org.awaitility.Awaitility.await("Roleport answering on port " + APP_PORT)
                    .atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet, or reset while deploying
                    .until(() -> {
                        if (payara.isAlive()) {
                            status.set(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                        }
                        return true;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return null;
        }
        return status.get();
    }

    private void banner(int status, Optional<CloudEndpoint> cloud, Optional<AzureEndpoint> azure) {
        String line = "=".repeat(78);
        StringBuilder b = new StringBuilder("\n").append(line).append('\n');
        b.append("  Roleport is running:  http://localhost:").append(APP_PORT).append("/\n");
        // From the run command (this JVM: Maven's, with mvn -P local verify) to the first answer of the application.
        double sinceCommand = (System.currentTimeMillis()
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
        b.append(String.format("  Started in %.1f s (Payara Micro and the application: %.1f s)%n", sinceCommand,
                (System.nanoTime() - payaraStarted) / 1e9));
        if (launcher != null && launcher.ready()) {
            b.append(startedWithArchive
                    ? "  (Payara Micro from target/payara-launcher with its class-data archive)\n"
                    : "  (Payara Micro from target/payara-launcher; its class-data archive is written when it stops,"
                            + " for quicker starts after this one)\n");
        }
        if (status == 404) {
            b.append("  WARNING: / answered 404: the application may have failed to deploy (see [payara] above).\n");
        }
        b.append("\n  Sign in as one of the demo users (no password):\n\n");
        b.append(String.format("    %-7s %-24s %-24s %s%n", "user", "role", "organization", "group claim"));
        for (LocalIdp.DemoUser user : LocalIdp.DEMO) {
            b.append(String.format("    %-7s %-24s %-24s %s%n", user.name(), user.role(), user.org(),
                    String.join(", ", user.groups())));
        }
        b.append("\n  OpenID Connect provider: http://127.0.0.1:").append(IDP_PORT).append("/roleport\n");
        b.append("  Cloud simulator:         ").append(cloud.map(c -> c.endpoint().toString())
                .orElse("not available (io.roleport.sim.CloudSimulator not on the classpath)")).append('\n');
        b.append("  Azure simulator:         ").append(azure.map(a -> a.endpoint() + " (truststore "
                + a.trustStore() + ", password " + a.trustStorePassword() + ")")
                .orElse("not available (" + AzureEndpoint.SIMULATOR_CLASS + " not on the classpath)")).append('\n');
        b.append("  Settings:                .local/roleport.properties\n");
        b.append("\n  Ctrl-C stops everything; delete .local/ (or pass --fresh) to start fresh.\n");
        b.append(line).append('\n');
        System.out.println(b);
    }

    private void stopPayara() {
        Process process = payara;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void stopAll() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        say("Stopping local mode ...");
        for (Runnable stop : List.copyOf(stops)) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                System.err.println("[local] stop failed: " + e);
            }
        }
        say("Stopped.");
    }

    /**
     * What a start gave, its stop registered; {@code null} (and the failure collected) when it failed, so that the
     * others that did start are still stopped.
     */
    private <T> T started(Future<T> start, java.util.function.Function<T, Runnable> stop, List<Throwable> failures)
            throws InterruptedException {
        try {
            T value = start.get();
            stops.add(0, stop.apply(value));
            return value;
        } catch (ExecutionException e) {
            failures.add(e.getCause());
            return null;
        }
    }

    private static void say(String message) {
        System.out.println("[local] " + message);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
