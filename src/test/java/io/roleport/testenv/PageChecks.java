package io.roleport.testenv;

import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.events.WebDriverListener;

/**
 * Checks every page a browser test visits for broken text: an unresolved message key ({@code ???key???}), a
 * placeholder nobody filled ({@code {0}}), or our server-error page. The text checked is what a person can read
 * or hear: every text node outside scripts and styles (hidden dialogs included), and the title, aria-label,
 * placeholder and value attributes. {@link Browser} runs it after each {@code get}; page objects run it after
 * each ajax update and each element they wait for.
 */
public final class PageChecks implements WebDriverListener {
  /** Collects the readable text of the page; returns it as one string. */
  private static final String READABLE_TEXT = """
      var out = [];
      if (!document.body) { return ''; }
      var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: function (n) {
        var p = n.parentNode && n.parentNode.nodeName;
        return p === 'SCRIPT' || p === 'STYLE' || p === 'NOSCRIPT' ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }});
      while (walker.nextNode()) { out.push(walker.currentNode.nodeValue); }
      document.querySelectorAll('[title],[aria-label],[placeholder],input[type=submit],input[type=button],button[value]')
        .forEach(function (e) {
          ['title', 'aria-label', 'placeholder', 'value'].forEach(function (a) {
            if (e.hasAttribute(a) && (a !== 'value' || e.type === 'submit' || e.type === 'button')) {
              out.push(e.getAttribute(a));
            }
          });
        });
      out.push(document.title);
      return out.join('\\n');
      """;
  private static final java.util.regex.Pattern UNFILLED = java.util.regex.Pattern.compile("\\{\\d+(,[^}]*)?}");
  private static final List<String> SERVER_ERROR_TITLES = List.of("Something went wrong");

  /** Fails when the page shows broken text (see the class comment); a page that is not there yet passes. */
  public static void assertNoBrokenText(WebDriver driver) {
    String text;
    try {
      text = String.valueOf(((JavascriptExecutor) driver).executeScript(READABLE_TEXT));
    } catch (WebDriverException navigating) {
      return; // a page being replaced: the next check sees the new one
    }
    String where = driver.getCurrentUrl();
    int key = text.indexOf("???");
    if (key >= 0) {
      throw new AssertionError("unresolved message key on " + where + ": "
          + text.substring(Math.max(0, key - 40), Math.min(text.length(), key + 80)));
    }
    var unfilled = UNFILLED.matcher(text);
    if (unfilled.find()) {
      throw new AssertionError("unfilled placeholder " + unfilled.group() + " on " + where + ": "
          + text.substring(Math.max(0, unfilled.start() - 80), Math.min(text.length(), unfilled.end() + 40)));
    }
    for (String title : SERVER_ERROR_TITLES) {
      if (String.valueOf(((JavascriptExecutor) driver).executeScript("return document.title;")).startsWith(title)) {
        throw new AssertionError("server error page at " + where);
      }
    }
  }

  @Override
  public void afterGet(WebDriver driver, String url) {
    assertNoBrokenText(driver);
  }
}
