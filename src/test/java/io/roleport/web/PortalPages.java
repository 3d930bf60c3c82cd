package io.roleport.web;

import java.net.URL;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Page objects of the portal, one nested class per page, for the browser tests. Each waits for its page
 * (and for PrimeFaces' ajax queue) instead of sleeping.
 */
final class PortalPages {
  private final WebDriver driver;
  private final String base;

  PortalPages(WebDriver driver, URL base) {
    this.driver = driver;
    String b = base.toString();
    this.base = b.endsWith("/") ? b : b + "/";
  }

  String url(String path) {
    return base + (path.startsWith("/") ? path.substring(1) : path);
  }

  WebDriverWait waitUpTo(Duration timeout) {
    return new WebDriverWait(driver, timeout);
  }

  WebElement byId(String id) {
    WebElement element = waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    io.roleport.testenv.PageChecks.assertNoBrokenText(driver);
    return element;
  }

  /** Waits until PrimeFaces has no ajax request in flight and no modal mask is left. */
  void ajaxSettled() {
    waitUpTo(Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
        .executeScript("return !window.PrimeFaces || (PrimeFaces.ajax.Queue.isEmpty()"
            + " && document.querySelectorAll('.ui-widget-overlay:not([style*=\"display: none\"])').length === 0);")));
    io.roleport.testenv.PageChecks.assertNoBrokenText(driver);
  }

  void waitForText(String id, String text, Duration timeout) {
    waitUpTo(timeout).until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
  }

  /** Clicks the copy button of element {@code id} (with the keyboard: Enter) and returns what its status says. */
  String copy(String id) {
    byId(id + "Copy").sendKeys(org.openqa.selenium.Keys.ENTER);
    waitUpTo(Duration.ofSeconds(5)).until(d -> !d.findElement(By.id(id + "CopyStatus")).getText().isEmpty());
    return driver.findElement(By.id(id + "CopyStatus")).getText();
  }

  /** In an onboarding page's Bind dialog: checks that Cancel has the focus, types {@code typed}, confirms. */
  String confirmBinding(String typed) {
    byId("binding:bind").click();
    WebElement dialog = waitUpTo(Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ui-confirm-dialog")));
    String dialogText = dialog.getText();
    waitUpTo(Duration.ofSeconds(5)).until(d -> "binding:confirmNo".equals(d.switchTo().activeElement().getAttribute("id")));
    byId("binding:confirmSlug").sendKeys(typed);
    byId("binding:confirmYes").click();
    return dialogText;
  }

  /** Signs in at the local IdP by clicking a demo user; lands where the portal sends the user. */
  void signInAs(String user, String path) {
    driver.get(url("health"));
    driver.manage().deleteAllCookies(); // the portal's cookies live under its path: clear them from there
    driver.get(url(path));
    WebElement demoUser = byId("user-" + user);
    io.roleport.testenv.Browser.consoleEntries(driver); // the plain-text page above and the IdP are not ours
    demoUser.click();
    waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("signedInAs")));
  }

  /** Signs in at the local IdP as {@code user} (not a demo user) with the groups typed in; lands on {@code path}. */
  void signInWithGroups(String user, String groups, String path) {
    driver.get(url("health"));
    driver.manage().deleteAllCookies();
    driver.get(url(path));
    WebElement name = byId("username");
    io.roleport.testenv.Browser.consoleEntries(driver); // the IdP's page is not ours
    name.sendKeys(user);
    driver.findElement(By.id("groups")).sendKeys(groups);
    driver.findElement(By.id("sign-in")).click();
    waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("signedInAs")));
  }

  /** /orgs */
  final class Organizations {
    Organizations open() {
      driver.get(url("orgs"));
      byId("orgsForm:orgs");
      return this;
    }

    String tableText() {
      return byId("orgsForm:orgs").getText();
    }
  }

  /** /orgs/{slug}/onboarding/aws */
  final class AwsOnboarding {
    AwsOnboarding open(String slug) {
      driver.get(url("orgs/" + slug + "/onboarding/aws"));
      byId("main");
      return this;
    }

    String externalId() {
      return byId("externalId").getText();
    }

    String trustPolicy() {
      return byId("trustPolicy").getText();
    }

    /** Picks "each person's own sign-in" and waits for its instructions. */
    AwsOnboarding chooseWebIdentity() {
      driver.findElement(By.cssSelector("label[for='mode:federation:1']")).click();
      ajaxSettled();
      byId("webIdentityTrustPolicy");
      return this;
    }

    String webIdentityTrustPolicy() {
      return byId("webIdentityTrustPolicy").getText();
    }

    String text(String id) {
      return byId(id).getText();
    }

    AwsOnboarding enterArns(String automation, String support) {
      WebElement a = byId("binding:automationArn");
      a.clear();
      a.sendKeys(automation);
      WebElement s = byId("binding:supportArn");
      s.clear();
      s.sendKeys(support);
      return this;
    }

    AwsOnboarding validate() {
      byId("binding:validate").click();
      ajaxSettled();
      byId("checks");
      return this;
    }

    String checks() {
      return byId("checks").getText();
    }

    String copy(String id) {
      return PortalPages.this.copy(id);
    }

    int failedChecks() {
      return driver.findElements(By.cssSelector("#checks li.check-fail")).size();
    }

    int passedChecks() {
      return driver.findElements(By.cssSelector("#checks li.check-ok")).size();
    }

    /**
     * Clicks "Bind", then confirms in the dialog that says the binding never changes (focus on Cancel first) by
     * typing the organization's URL name.
     */
    String bindAndConfirm() {
      return confirmBinding(driver.getCurrentUrl().replaceAll(".*/orgs/([^/]+)/onboarding.*", "$1"));
    }

    boolean saysAlreadyBound() {
      return !driver.findElements(By.id("alreadyBound")).isEmpty();
    }
  }

  /** /orgs/{slug} */
  final class Organization {
    Organization open(String slug) {
      driver.get(url("orgs/" + slug));
      byId("bindingTitle");
      return this;
    }

    String boundAccount() {
      return byId("boundAccount").getText();
    }
  }

  /** /orgs/{slug}/audit */
  final class Audit {
    Audit open(String slug) {
      driver.get(url("orgs/" + slug + "/audit"));
      byId("audit:events");
      return this;
    }

    /** The installation-wide audit, /admin/audit (the same table, for operators). */
    Audit openInstallation() {
      driver.get(url("admin/audit"));
      byId("audit:events");
      return this;
    }

    String table() {
      return byId("audit:events").getText();
    }

    /** Types into the Who column's filter; wait for the outcome with {@link #waitForRows(String)}. */
    Audit filterWho(String text) {
      WebElement filter = byId("audit:events:who:filter");
      filter.clear();
      filter.sendKeys(text);
      return this;
    }

    Audit waitForRows(String text) {
      waitForText("audit:events", text, Duration.ofSeconds(15));
      ajaxSettled();
      return this;
    }

    Audit waitForRowsWithout(String text) {
      waitUpTo(Duration.ofSeconds(15)).until(d -> !table().contains(text));
      ajaxSettled();
      return this;
    }

    /**
     * What the Export CSV button downloads: the audit form posted as the browser would post it (same
     * session, same view state), read over HTTP instead of from the browser's download folder.
     */
    String csv() throws Exception {
      var js = (org.openqa.selenium.JavascriptExecutor) driver;
      String action = (String) js.executeScript("return document.getElementById('audit').action;");
      String form = (String) js.executeScript(
          "return new URLSearchParams(new FormData(document.getElementById('audit'))).toString();");
      String body = form + "&" + java.net.URLEncoder.encode("audit:events:export", java.nio.charset.StandardCharsets.UTF_8)
          + "=";
      var response = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(action))
              .header("Cookie", "JSESSIONID=" + driver.manage().getCookieNamed("JSESSIONID").getValue())
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200
          || !response.headers().firstValue("Content-Disposition").orElse("").contains(".csv")) {
        throw new AssertionError("the export answered " + response.statusCode() + " " + response.headers().map()
            + ":\n" + response.body());
      }
      return response.body();
    }
  }

  /** /orgs/{slug}/members */
  final class Members {
    Members open(String slug) {
      driver.get(url("orgs/" + slug + "/members"));
      byId("mappings:table");
      return this;
    }

    Members add(String group) {
      WebElement field = byId("addMapping:group");
      field.clear();
      field.sendKeys(group);
      byId("addMapping:add").click();
      ajaxSettled();
      return this;
    }

    String table() {
      return byId("mappings:table").getText();
    }

    Members remove(String group) {
      driver.findElement(By.xpath("//tr[.//code[text()='" + group + "']]//button")).click();
      waitUpTo(Duration.ofSeconds(10))
          .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ui-confirm-dialog")));
      byId("mappings:confirmYes").click();
      ajaxSettled();
      return this;
    }
  }

  /** /orgs/{slug}/clusters/new */
  final class NewCluster {
    NewCluster open(String slug) {
      driver.get(url("orgs/" + slug + "/clusters/new"));
      byId("newCluster:name");
      return this;
    }

    String placementNote() {
      return byId("placementNote").getText();
    }

    NewCluster name(String name) {
      WebElement field = byId("newCluster:name");
      field.clear();
      field.sendKeys(name);
      return this;
    }

    void submit() {
      byId("newCluster:create").click();
      ajaxSettled();
    }

    String nameValue() {
      return byId("newCluster:name").getAttribute("value");
    }

    String nameError() {
      return byId("newCluster:name").findElement(By.xpath("../*[contains(@class,'ui-message')]")).getText();
    }

    NewCluster nodeCount(String count) {
      WebElement field = byId("newCluster:nodeCount");
      field.clear();
      field.sendKeys(count);
      return this;
    }

    String nodeCountError() {
      return byId("newCluster:nodeCount").findElement(By.xpath("../*[contains(@class,'ui-message')]")).getText();
    }
  }

  /** /orgs/{slug}/clusters/{id} */
  final class ClusterDetail {
    ClusterDetail waitForStatus(String status, Duration timeout) {
      waitForText("status", status, timeout);
      return this;
    }

    String status() {
      return byId("status").getText();
    }

    String placementAccount() {
      return byId("placementAccount").getText();
    }

    String steps() {
      return byId("steps").getText();
    }

    /** The messages the page keeps until they are dismissed or replaced. */
    String messages() {
      return waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(
          By.id("cluster:messages"))).getText();
    }

    /** Whether the page still refreshes itself (its live marker), as the server last drew it. */
    boolean live() {
      return "true".equals(driver.findElement(By.id("cluster:live")).getAttribute("data-live"));
    }

    /** The number of ajax requests the page has sent since it was loaded. */
    long ajaxRequests() {
      return (Long) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
          "return performance.getEntriesByType('resource').filter(e => e.initiatorType === 'xmlhttprequest').length;");
    }

    /** Dismisses every message with its button (keyboard: Enter on the focused button). */
    ClusterDetail dismissMessages() {
      for (WebElement button : driver.findElements(By.cssSelector("#cluster\\:messages .notice-dismiss"))) {
        button.sendKeys(org.openqa.selenium.Keys.ENTER);
      }
      return this;
    }

    /** Deletes the cluster, confirming with its name (from the page title) as the dialog asks. */
    String deleteAndConfirm() {
      return deleteTyping(driver.getTitle().replaceAll(" - Roleport$", ""));
    }

    /** Opens the delete dialog (focus on Cancel first), types {@code typed} and confirms; returns the dialog's text. */
    String deleteTyping(String typed) {
      byId("cluster:delete").click();
      WebElement dialog = waitUpTo(Duration.ofSeconds(10))
          .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ui-confirm-dialog")));
      String text = dialog.getText();
      waitUpTo(Duration.ofSeconds(5)).until(d -> "cluster:confirmNo".equals(d.switchTo().activeElement().getAttribute("id")));
      byId("cluster:confirmName").sendKeys(typed);
      byId("cluster:confirmYes").click();
      ajaxSettled();
      return text;
    }
  }
}
