package io.roleport.web.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.domain.CloudKind;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.OperationKind;
import io.roleport.domain.OperationStatus;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgRole;
import io.roleport.domain.PlacementKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules every text of {@code messages*.properties} follows, so that no page shows a broken one: one
 * definition per key, every text a valid MessageFormat pattern with doubled apostrophes, every key a page names
 * defined, and no text a page shows as is carrying a placeholder nobody fills.
 */
class TextsTest {
  private static final Path RESOURCES = Path.of("src/main/resources");
  private static final Path VIEWS = Path.of("webapp/WEB-INF");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+[},]");

  @Test
  void noMessagesFileDefinesAKeyTwice() throws IOException {
    List<Path> files = messageFiles();
    assertFalse(files.isEmpty());
    List<String> duplicates = new ArrayList<>();
    for (Path file : files) {
      Map<String, Integer> lines = new LinkedHashMap<>();
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < all.size(); i++) {
        String line = all.get(i).strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
          continue;
        }
        String key = line.split("[=:]", 2)[0].strip();
        Integer first = lines.putIfAbsent(key, i + 1);
        if (first != null) {
          duplicates.add(file.getFileName() + ": " + key + " (lines " + first + " and " + (i + 1) + ")");
        }
      }
    }
    assertTrue(duplicates.isEmpty(), "keys defined twice (the last one silently wins):\n" + String.join("\n", duplicates));
  }

  @Test
  void everyTextIsAMessageFormatPatternWithItsApostrophesDoubled() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path file : messageFiles()) {
      Properties texts = load(file);
      for (String key : new TreeSet<>(texts.stringPropertyNames())) {
        String text = texts.getProperty(key);
        if (Pattern.compile("(?<!')'(?!')").matcher(text).find()) {
          broken.add(key + ": a single apostrophe starts a quote and vanishes, with what follows: write ''");
          continue;
        }
        try {
          new MessageFormat(text, Locale.ENGLISH);
        } catch (IllegalArgumentException e) {
          broken.add(key + ": " + e.getMessage());
        }
      }
    }
    assertTrue(broken.isEmpty(), String.join("\n", broken));
  }

  @Test
  void anApostropheAndAPlaceholderBothShow() {
    assertEquals("Roleport's own principal cannot assume arn:aws:iam::1:role/A: only people's own sign-in can.",
        Texts.format("check.webIdentity.principalRefused", "arn:aws:iam::1:role/A"));
    assertEquals("Each person's own sign-in (web identity): your account trusts your identity provider, not Roleport",
        new Texts().getString("onboarding.federation.WEB_IDENTITY"));
  }

  @Test
  void countsReadInTheirPluralForm() {
    assertEquals("no live clusters", Texts.format("org.placement.clusters", 0));
    assertEquals("1 live cluster", Texts.format("org.placement.clusters", 1));
    assertEquals("2 live clusters", Texts.format("org.placement.clusters", 2));
    assertEquals("5 of 6 checks passed: see the failed check below.", Texts.format("onboarding.checks.summary", 5, 6, 1));
    assertEquals("6 of 6 checks passed: the account can be bound.", Texts.format("onboarding.checks.summary", 6, 6, 0));
    assertEquals("4 of 6 checks passed: see the 2 failed checks below.",
        Texts.format("onboarding.checks.summary", 4, 6, 2));
  }

  @Test
  void everyKeyAPageNamesIsDefinedAndShowsNoUnfilledPlaceholder() throws IOException {
    Properties texts = load(RESOURCES.resolve("messages.properties"));
    Pattern literal = Pattern.compile("msg\\['([A-Za-z0-9_.]+)'\\]");
    Pattern formatted = Pattern.compile("fmt\\.text\\('([A-Za-z0-9_.]+)'\\s*[,)]");
    List<String> problems = new ArrayList<>();
    try (Stream<Path> views = Files.walk(VIEWS)) {
      for (Path view : views.filter(p -> p.toString().endsWith(".xhtml")).toList()) {
        String source = Files.readString(view);
        for (Matcher m = literal.matcher(source); m.find(); ) {
          String key = m.group(1);
          if (!texts.containsKey(key)) {
            problems.add(view + ": msg['" + key + "'] is not defined");
          } else if (PLACEHOLDER.matcher(texts.getProperty(key)).find()) {
            problems.add(view + ": msg['" + key + "'] has a placeholder: show it with fmt.text('" + key + "', ...)");
          }
        }
        for (Matcher m = formatted.matcher(source); m.find(); ) {
          if (!texts.containsKey(m.group(1))) {
            problems.add(view + ": fmt.text('" + m.group(1) + "') is not defined");
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyValueAPageNamesByItsKindHasAText() throws IOException {
    Properties texts = load(RESOURCES.resolve("messages.properties"));
    List<String> keys = new ArrayList<>();
    for (ClusterStatus v : ClusterStatus.values()) {
      keys.add("status." + v);
    }
    for (OperationStatus v : OperationStatus.values()) {
      keys.add("opstatus." + v);
    }
    for (OperationKind v : OperationKind.values()) {
      keys.add("operation." + v);
      v.steps().forEach(step -> keys.add("step." + step));
    }
    for (OrgRole v : OrgRole.values()) {
      keys.add("role." + v);
    }
    for (OrgKind v : OrgKind.values()) {
      keys.add("org.kind." + v);
    }
    for (PlacementKind v : PlacementKind.values()) {
      keys.add("placement." + v);
    }
    for (CloudKind v : CloudKind.values()) {
      for (String prefix : List.of("newCluster.cloud.", "newCluster.inOwnAccount.", "newCluster.inDefaultAccount.",
          "newCluster.instanceType.hint.", "clusters.empty.", "cluster.delete.confirm.message.", "cluster.resourceId.",
          "cluster.kubeconfig.identity.", "cluster.kubeconfig.tools.")) {
        keys.add(prefix + v);
      }
    }
    List<String> missing = keys.stream().distinct().filter(k -> !texts.containsKey(k)).toList();
    assertTrue(missing.isEmpty(), "no text for " + missing);
  }

  /**
   * The patterns are parsed once and shared between requests, which format at the same time on many threads: each
   * call still gets its own arguments formatted (a {@link MessageFormat} is not documented as safe to share, so each
   * call formats with a copy of the parsed one), and a missing text is still its key.
   */
  @Test
  void aSharedPatternFormatsEachThreadsOwnNumbersAtOnce() throws Exception {
    int threads = 8;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * 1_000_000;
        results.add(pool.submit(() -> {
          start.await();
          List<String> wrong = new ArrayList<>();
          for (int n = first; n < first + 5_000; n++) {
            String shown = Texts.format("pager.page", n);
            String expected = String.format(Locale.ENGLISH, "Page %,d", n);
            if (!shown.equals(expected)) {
              wrong.add(shown + " instead of " + expected);
            }
          }
          return wrong;
        }));
      }
      start.countDown();
      List<String> wrong = new ArrayList<>();
      for (var result : results) {
        wrong.addAll(result.get());
      }
      assertTrue(wrong.isEmpty(), wrong.size() + " garbled, for example " + wrong.stream().limit(3).toList());
    } finally {
      pool.shutdownNow();
    }
    assertEquals("no.such.text", Texts.format("no.such.text", 1), "a missing text is its key");
  }

  @Test
  void theAuditShowsARefusalAsItsSentenceAndAnActionInWords() {
    Formats fmt = new Formats();
    assertEquals("A cluster named \"…\" already exists in this organization: choose another name.",
        fmt.auditDetail("cluster.name.taken"));
    assertEquals("Group mapped to a role", fmt.auditAction("mapping.added"));
    assertEquals("groups [a, b]", fmt.auditDetail("groups [a, b]"));
    assertEquals("2026-11-29T05:33:46Z", fmt.iso(java.time.Instant.parse("2026-11-29T05:33:46.123456789Z")));
    assertEquals("2026-11-29 05:33:46 UTC", fmt.utc(java.time.Instant.parse("2026-11-29T05:33:46.123456Z")));
  }

  private static List<Path> messageFiles() throws IOException {
    try (Stream<Path> files = Files.walk(RESOURCES)) {
      return files.filter(p -> p.getFileName().toString().matches("messages.*\\.properties")).sorted().toList();
    }
  }

  private static Properties load(Path file) throws IOException {
    Properties texts = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      texts.load(in);
    }
    return texts;
  }
}
