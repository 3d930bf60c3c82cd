package io.roleport.testenv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.arquillian.container.spi.event.container.BeforeDeploy;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Arquillian's Payara Micro container stops a test class's Payara with {@code Process.destroy()} (SIGTERM) and does
 * not wait for it to exit; the next class's Payara is started at once on the same HTTP port (fixed per test JVM, see
 * {@link TestEnvironment#HTTP_PORT_PROPERTY}). An instance that is still shutting down (its worker finishing the step
 * in flight, issue #16's graceful stop) holds the port, and the new one fails to bind and hangs. The managed container starts Payara when it deploys: before each deployment this
 * waits until the port can be bound, as a second instance in production would wait for the first to go.
 */
public final class PortReleased implements LoadableExtension {
  private static final Logger LOG = Logger.getLogger(PortReleased.class.getName());
  private static final Duration LIMIT = Duration.ofSeconds(120);

  @Override
  public void register(ExtensionBuilder builder) {
    builder.observer(Waiter.class);
  }

  /** Observes each deployment (the managed container starts a Payara Micro process for each). */
  public static final class Waiter {
    public void beforeDeploy(@Observes BeforeDeploy event) {
      String port = System.getProperty(TestEnvironment.HTTP_PORT_PROPERTY);
      if (port == null) {
        return;
      }
      int number = Integer.parseInt(port);
      if (free(number)) {
        return;
      }
      try {
        Awaitility.await("port " + port + " released by the previous Payara Micro").atMost(LIMIT)
            .pollInterval(Duration.ofMillis(200)).until(() -> free(number));
      } catch (ConditionTimeoutException e) {
        throw new IllegalStateException("port " + port + " is still taken after " + LIMIT.toSeconds()
            + " s: an earlier Payara Micro did not exit", e);
      }
      LOG.info(() -> "port " + port + " released by the previous Payara Micro");
    }

    private static boolean free(int port) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
