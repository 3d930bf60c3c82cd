package io.roleport.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core's accessibility rules (WCAG 2.x A and AA) on the page in the browser and fails on any
 * serious or critical violation, listing each rule and the elements it found.
 */
final class Accessibility {
  private static final String AXE = load();

  private Accessibility() {}

  static void assertNoSeriousViolations(WebDriver driver) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    js.executeScript(AXE);
    Object result = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}, resultTypes: ['violations']})"
        + ".then(function (r) { done(JSON.stringify(r.violations)); }, function (e) { done('ERROR ' + e); });");
    String json = String.valueOf(result);
    assertTrue(!json.startsWith("ERROR"), json);
    List<String> serious = new ArrayList<>();
    try {
      for (JsonNode violation : new ObjectMapper().readTree(json)) {
        String impact = violation.path("impact").asText();
        if ("serious".equals(impact) || "critical".equals(impact)) {
          List<String> targets = new ArrayList<>();
          violation.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
          serious.add(violation.path("id").asText() + " (" + impact + "): " + targets);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(serious.isEmpty(), "accessibility violations on " + driver.getCurrentUrl() + ":\n"
        + String.join("\n", serious));
  }

  private static String load() {
    try (InputStream in = Accessibility.class.getResourceAsStream(
        "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe-core WebJar missing from the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
