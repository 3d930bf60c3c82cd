package io.roleport.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Local mode exposes nothing beyond the loopback interface. */
class LocalModeTest {

  @Test
  void payaraRunsWithoutTheDataGridAndListensOnLoopbackOnly() {
    List<String> command = LocalMode.payaraCommand(Path.of("micro.jar"), Path.of("roleport.war"),
        Path.of("roleport.properties"), Path.of("preboot.asadmin"));
    assertTrue(command.contains("--nohazelcast"), "the data grid (port 6900 on every interface) must be off: "
        + command);
    assertTrue(LocalMode.prebootCommands().lines().anyMatch(line -> line.equals("set configs.config.server-config"
        + ".network-config.network-listeners.network-listener.http-listener.address=127.0.0.1")),
        LocalMode.prebootCommands());
  }

  @Test
  void responsesNameNoServerProduct() {
    String preboot = LocalMode.prebootCommands();
    assertTrue(preboot.contains("http-listener.http.server-header=false"), preboot);
    assertTrue(preboot.contains("http-listener.http.xpowered-by=false"), preboot);
  }

  @Test
  void payaraDrawsRandomNumbersFromDrbgNotTheJvmWideNativePrngLock() {
    List<String> command = LocalMode.payaraCommand(Path.of("micro.jar"), Path.of("roleport.war"),
        Path.of("roleport.properties"), Path.of("preboot.asadmin"));
    assertTrue(command.indexOf("-Djava.security.egd=file:/dev/./urandom") < command.indexOf("-jar")
        && command.contains("-Djava.security.egd=file:/dev/./urandom"), "a JVM option, before -jar: " + command);
  }
}
