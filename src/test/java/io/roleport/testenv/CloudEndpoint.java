package io.roleport.testenv;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A running cloud API endpoint the application is pointed at ({@code roleport.aws.endpoint}).
 *
 * <p>Today the only implementation is the cloud simulator {@code io.roleport.sim.CloudSimulator}, started
 * reflectively so this package compiles and runs whether or not the simulator is on the classpath: without it,
 * {@link #startSimulator} logs why and returns empty, and the environment simply has no cloud endpoint.
 */
public interface CloudEndpoint extends AutoCloseable {

    /** The simulator's class name. */
    String SIMULATOR_CLASS = "io.roleport.sim.CloudSimulator";

    /** Base URI all AWS (and Azure) clients use as endpoint override, e.g. {@code http://127.0.0.1:4566}. */
    URI endpoint();

    /** The port it listens on. */
    int port();

    /**
     * The simulator object itself ({@code io.roleport.sim.CloudSimulator}), for tests that need more of its API,
     * e.g. {@code ((CloudSimulator) cloud.unwrap()).journal()}.
     */
    Object unwrap();

    /** Stops it. */
    @Override
    void close();

    /**
     * Starts {@code io.roleport.sim.CloudSimulator} on {@code port} (0 = free) with the seed file, if that class is
     * present.
     *
     * @param transitionDelay how long asynchronous resources (clusters) stay in a transitional state; null = the
     *                        simulator's default
     * @return the running simulator, or empty if the class is absent
     */
    static Optional<CloudEndpoint> startSimulator(int port, Path seed, Duration transitionDelay) {
        Logger log = LoggerFactory.getLogger(CloudEndpoint.class);
        Class<?> type;
        try {
            type = Class.forName(SIMULATOR_CLASS, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            log.warn("Cloud simulator {} is not on the classpath: starting without a cloud endpoint"
                    + " (roleport.aws.endpoint is not set)", SIMULATOR_CLASS);
            return Optional.empty();
        }
        try {
            Object simulator = type.getMethod("start", int.class, Path.class).invoke(null, port, seed);
            if (transitionDelay != null) {
                type.getMethod("setTransitionDelay", Duration.class).invoke(simulator, transitionDelay);
            }
            Method endpoint = type.getMethod("endpoint");
            Method portMethod = type.getMethod("port");
            Method close = type.getMethod("close");
            CloudEndpoint result = new CloudEndpoint() {
                @Override
                public URI endpoint() {
                    return (URI) call(endpoint);
                }

                @Override
                public int port() {
                    return (Integer) call(portMethod);
                }

                @Override
                public Object unwrap() {
                    return simulator;
                }

                @Override
                public void close() {
                    call(close);
                }

                @Override
                public String toString() {
                    return "CloudSimulator at " + endpoint();
                }

                private Object call(Method method) {
                    try {
                        return method.invoke(simulator);
                    } catch (InvocationTargetException e) {
                        throw new IllegalStateException(method.getName() + ": " + e.getCause(), e.getCause());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            log.info("Cloud simulator: {} (seed {})", result.endpoint(), seed);
            return Optional.of(result);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Cloud simulator failed to start on port " + port + ": " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cloud simulator " + SIMULATOR_CLASS
                    + " lacks the expected API (start(int, Path), setTransitionDelay(Duration), endpoint(), port(),"
                    + " close()): " + e, e);
        }
    }
}
