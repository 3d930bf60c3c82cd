package io.roleport.testenv;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A running Azure endpoint (Entra ID authority host + Azure Resource Manager over HTTPS) the application is pointed at
 * ({@code roleport.azure.*}). Today: the Azure cloud simulator {@code io.roleport.sim.azure.AzureSimulator}, started
 * reflectively like {@link CloudEndpoint}, so this package works whether or not the simulator is on the classpath.
 *
 * @param endpoint           {@code https://127.0.0.1:<port>}
 * @param trustStore         PKCS12 truststore (JDK CAs + the simulator's self-signed certificate)
 * @param trustStorePassword its password
 * @param simulator          the simulator object itself, for tests ({@code (AzureSimulator) azure.simulator()})
 */
public record AzureEndpoint(URI endpoint, Path trustStore, String trustStorePassword, Object simulator)
        implements AutoCloseable {

    /** The simulator's class name. */
    public static final String SIMULATOR_CLASS = "io.roleport.sim.azure.AzureSimulator";

    /**
     * Makes an app of the seed also trust {@code issuer} for federated client assertions (subject {@code subject},
     * audience {@code api://AzureADTokenExchange}); for test IdPs whose port is only known at run time.
     */
    public void addFederatedCredential(String tenantId, String clientId, String issuer, String subject) {
        try {
            simulator.getClass().getMethod("addFederatedCredential", String.class, String.class, String.class,
                    String.class, String.class).invoke(simulator, tenantId, clientId, issuer, subject,
                    "api://AzureADTokenExchange");
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("addFederatedCredential: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops it. */
    @Override
    public void close() {
        try {
            simulator.getClass().getMethod("close").invoke(simulator);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("close: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts {@code io.roleport.sim.azure.AzureSimulator} on {@code port} (0 = free), if that class is present.
     *
     * @param operationDelay how long AKS / resource-group operations run; null = the seed's value
     * @param trustStoreDir  where the truststore is written
     */
    public static Optional<AzureEndpoint> startSimulator(int port, Path seed, Duration operationDelay, Path trustStoreDir) {
        Logger log = LoggerFactory.getLogger(AzureEndpoint.class);
        Class<?> type;
        try {
            type = Class.forName(SIMULATOR_CLASS, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            log.warn("Azure simulator {} is not on the classpath: starting without an Azure endpoint"
                    + " (roleport.azure.* endpoints are not set)", SIMULATOR_CLASS);
            return Optional.empty();
        }
        try {
            Object sim = type.getMethod("start", int.class, Path.class, Path.class).invoke(null, port, seed, trustStoreDir);
            if (operationDelay != null) {
                type.getMethod("setOperationDelay", Duration.class).invoke(sim, operationDelay);
            }
            AzureEndpoint result = new AzureEndpoint((URI) type.getMethod("endpoint").invoke(sim),
                    ((Path) type.getMethod("trustStore").invoke(sim)).toAbsolutePath(),
                    new String((char[]) type.getMethod("trustStorePassword").invoke(sim)), sim);
            log.info("Azure simulator: {} (seed {}, truststore {})", result.endpoint(), seed, result.trustStore());
            return Optional.of(result);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Azure simulator failed to start on port " + port + ": " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Azure simulator " + SIMULATOR_CLASS + " lacks the expected API (start(int,"
                    + " Path, Path), setOperationDelay(Duration), endpoint(), trustStore(), trustStorePassword(), close()): "
                    + e, e);
        }
    }
}
