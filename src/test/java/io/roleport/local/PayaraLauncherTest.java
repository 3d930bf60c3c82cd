package io.roleport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode's persistent Payara Micro root directory: reset before each start, class-data archive written then used. */
class PayaraLauncherTest {
  @TempDir Path tmp;

  /** A launcher directory as {@code --outputlauncher} leaves it, for a payara-micro.jar older than it. */
  private Path madeLauncher() throws Exception {
    Path micro = Files.writeString(tmp.resolve("payara-micro.jar"), "jar");
    Files.setLastModifiedTime(micro, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    Path dir = Files.createDirectories(tmp.resolve("payara-launcher"));
    Files.writeString(dir.resolve(PayaraLauncher.LAUNCHER), "launcher");
    Files.createDirectories(dir.resolve("runtime"));
    Files.writeString(dir.resolve("runtime/core.jar"), "core");
    Files.createDirectories(dir.resolve("config.pristine"));
    Files.writeString(dir.resolve("config.pristine/domain.xml"), "<domain/>");
    Files.write(dir.resolve("kept.txt"), List.of(PayaraLauncher.LAUNCHER, "runtime"));
    return dir;
  }

  @Test
  void eachStartBeginsFromTheConfigurationPayaraMadeWithNoDeploymentOfAnEarlierStart() throws Exception {
    Path dir = madeLauncher();
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/domain.xml"), "<domain changed-by-preboot='yes'/>");
    Files.createDirectories(dir.resolve("applications/roleport"));
    Files.writeString(dir.resolve("applications/roleport/index.xhtml"), "an older WAR");

    PayaraLauncher launcher = PayaraLauncher.prepare(tmp.resolve("payara-micro.jar"), dir);

    assertTrue(launcher.ready());
    assertFalse(Files.exists(dir.resolve("applications")), "an earlier start's deployment must not shadow the WAR");
    assertEquals("<domain/>", Files.readString(dir.resolve("config/domain.xml")));
    assertEquals("core", Files.readString(dir.resolve("runtime/core.jar")), "the unpacked runtime is kept");
  }

  @Test
  void theFirstStartWritesTheClassDataArchiveAndTheNextOnesUseIt() throws Exception {
    Path dir = madeLauncher();
    Path micro = tmp.resolve("payara-micro.jar");

    List<String> first = PayaraLauncher.prepare(micro, dir).jvmAndJar(micro);
    assertTrue(first.contains("-XX:ArchiveClassesAtExit=" + dir.resolve(PayaraLauncher.ARCHIVE)), first.toString());
    assertEquals(dir.resolve(PayaraLauncher.LAUNCHER).toString(), first.get(first.indexOf("-jar") + 1));

    Files.writeString(dir.resolve(PayaraLauncher.ARCHIVE), "archive");
    PayaraLauncher next = PayaraLauncher.prepare(micro, dir);
    assertTrue(next.archived());
    assertTrue(next.jvmAndJar(micro).contains("-XX:SharedArchiveFile=" + dir.resolve(PayaraLauncher.ARCHIVE)));
    assertTrue(Files.exists(dir.resolve(PayaraLauncher.ARCHIVE)), "the reset keeps the archive");
  }

  @Test
  void withoutALauncherPayaraMicroRunsAsItIs() throws Exception {
    Path micro = Files.writeString(tmp.resolve("not-payara.jar"), "not a jar");

    PayaraLauncher launcher = PayaraLauncher.prepare(micro, tmp.resolve("payara-launcher"));

    assertFalse(launcher.ready());
    assertEquals(List.of("-jar", micro.toString()), launcher.jvmAndJar(micro));
  }
}
