package io.roleport.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How local mode runs Payara Micro quickly (issue #13, local start time): its runtime unpacked once into a persistent
 * root directory next to {@code payara-micro.jar} ({@code target/payara-launcher/}, made by Payara's own
 * {@code --outputlauncher}), instead of into a new temporary folder at every start, and a class-data sharing archive of
 * the runtime's classes ({@code payara.jsa}: written when the first Payara Micro run from it stops, used by the next
 * ones). The directory is reset before each start to what {@code --outputlauncher} made (its configuration restored,
 * deployments and generated files removed), so each start deploys the WAR it is given, as with the plain jar, and no
 * state leaks from one start to the next. A new {@code payara-micro.jar} makes a new directory and a new archive.
 */
final class PayaraLauncher {
  static final String LAUNCHER = "launch-micro.jar";
  static final String ARCHIVE = "payara.jsa";
  private static final String PRISTINE_CONFIG = "config.pristine";
  /** What {@code --outputlauncher} made, besides the configuration: kept between starts. */
  private static final String KEPT = "kept.txt";

  private final Path dir;
  private final boolean ready;

  private PayaraLauncher(Path dir, boolean ready) {
    this.dir = dir;
    this.ready = ready;
  }

  /**
   * The launcher in {@code dir} for {@code micro}, made if missing or older than {@code micro}, and reset for a start.
   * If Payara cannot make it, local mode runs {@code micro} as before ({@link #jvmAndJar} says so).
   */
  static PayaraLauncher prepare(Path micro, Path dir) {
    try {
      Path launcher = dir.resolve(LAUNCHER);
      boolean current = Files.isRegularFile(launcher) && Files.isDirectory(dir.resolve(PRISTINE_CONFIG))
          && Files.isRegularFile(dir.resolve(KEPT))
          && Files.getLastModifiedTime(launcher).compareTo(Files.getLastModifiedTime(micro)) >= 0;
      if (!current) {
        deleteTree(dir);
        Files.createDirectories(dir.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", micro.toString(), "--rootdir", dir.toString(), "--outputlauncher")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(launcher)) {
          p.destroyForcibly();
          return new PayaraLauncher(dir, false);
        }
        List<String> kept = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
          files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("config")).forEach(kept::add);
        }
        Files.write(dir.resolve(KEPT), kept);
        copyTree(dir.resolve("config"), dir.resolve(PRISTINE_CONFIG));
      }
      reset(dir);
      return new PayaraLauncher(dir, true);
    } catch (IOException | UncheckedIOException e) {
      System.out.println("[local] Payara Micro's launcher could not be prepared in " + dir + " (" + e
          + "): running payara-micro.jar as it is");
      return new PayaraLauncher(dir, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new PayaraLauncher(dir, false);
    }
  }

  /** Back to what {@code --outputlauncher} made: its configuration, no deployments, no generated files. */
  private static void reset(Path dir) throws IOException {
    Set<String> keep = new java.util.HashSet<>(Files.readAllLines(dir.resolve(KEPT)));
    keep.addAll(Set.of(PRISTINE_CONFIG, KEPT, ARCHIVE, LAUNCHER));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (!keep.contains(f.getFileName().toString())) {
          deleteTree(f);
        }
      }
    }
    copyTree(dir.resolve(PRISTINE_CONFIG), dir.resolve("config"));
  }

  /**
   * The JVM options and the jar to run: the launcher with the class-data archive (used when there is one, written at
   * exit otherwise), or {@code micro} itself when no launcher could be made.
   */
  List<String> jvmAndJar(Path micro) {
    if (!ready) {
      return List.of("-jar", micro.toString());
    }
    Path archive = dir.resolve(ARCHIVE);
    String cds = Files.isRegularFile(archive)
        ? "-XX:SharedArchiveFile=" + archive
        : "-XX:ArchiveClassesAtExit=" + archive;
    return List.of(cds, "-Xlog:cds*=off", "-jar", dir.resolve(LAUNCHER).toString());
  }

  /** Whether the next start uses a class-data archive (for the banner). */
  boolean archived() {
    return ready && Files.isRegularFile(dir.resolve(ARCHIVE));
  }

  boolean ready() {
    return ready;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    deleteTree(to);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
