package io.roleport.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.testenv.Browser;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The team lead's journey of PRODUCT.md in a real browser, against a running portal: sign in, see only
 * one's own organizations, bind the organization's AWS account after live validation and a
 * confirmation, create a cluster in that account and watch it become active, delete it. Subclasses say
 * where the portal and the simulator run.
 */
abstract class PortalJourneyTests {
  static final String ACME_ACCOUNT = "444444444444";
  static final String HOOLI_ACCOUNT = "888888888888";

  abstract URL base();

  abstract URI awsEndpoint();

  /** An ID token of {@code user} from the corporate IdP for Roleport's client, as the person would hold one. */
  abstract String idToken(String user);

  /** The corporate issuer; the local IdP serves other issuers beside it, as a third party's own provider. */
  abstract String corporateIssuer();

  /** The logouts the local IdP's end-session endpoint has accepted so far. */
  abstract List<io.roleport.testenv.LocalIdp.EndedSession> idpLogouts();

  /** The local IdP's users as it knows them now (groups, disabled, token lifetime). */
  abstract io.roleport.testenv.LocalIdpTokens.Directory idpDirectory();

  @Test
  void pagesCarryTheSecurityHeadersAndNameNoServerProduct() throws Exception {
    HttpClient browser = cookieClient();
    HttpResponse<String> signIn = get(browser, "orgs");
    String cookie = signIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
        .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + signIn.headers().map()));
    assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), cookie);
    assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("samesite=lax"), cookie);
    assertFalse(cookie.toLowerCase(java.util.Locale.ROOT).matches(".*samesite=(?!lax).*"), "only Lax: " + cookie);
    HttpClient alice = signedInOverHttp("alice");

    HttpResponse<String> page = get(alice, "orgs/acme");
    assertEquals(200, page.statusCode());
    List<String> policies = page.headers().allValues("Content-Security-Policy");
    assertEquals(1, policies.size(), "exactly one policy: " + policies);
    String policy = policies.get(0);
    for (String directive : List.of("default-src 'self'", "object-src 'none'", "base-uri 'self'",
        "frame-ancestors 'none'", "form-action 'self' " + corporateIssuer().replaceAll("^(https?://[^/]+).*", "$1"))) {
      assertTrue(policy.contains(directive), directive + " missing from " + policy);
    }
    java.util.regex.Matcher nonce = java.util.regex.Pattern.compile("script-src 'self' 'nonce-([^']+)'").matcher(policy);
    assertTrue(nonce.find(), "the page's scripts run by nonce (PrimeFaces CSP mode): " + policy);
    assertTrue(page.body().contains("nonce=\"" + nonce.group(1) + "\""), "the page's scripts carry the nonce");
    assertFalse(page.body().matches("(?s).*\\son(click|change|load|submit)=.*"), "no inline event handlers");

    for (HttpResponse<String> answer : List.of(page, get(alice, "health"), get(alice, "orgs/globex"),
        get(browser, "resources/css/roleport.css"))) {
      String what = answer.request().uri().getPath() + " (" + answer.statusCode() + ")";
      var headers = answer.headers();
      assertEquals(List.of("nosniff"), headers.allValues("X-Content-Type-Options"), what);
      assertEquals(List.of("same-origin"), headers.allValues("Referrer-Policy"), what);
      assertEquals(1, headers.allValues("Content-Security-Policy").size(), what + " " + headers.map());
      assertTrue(headers.firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors 'none'"), what);
      assertTrue(headers.allValues("Server").isEmpty(), what + ": Server " + headers.allValues("Server"));
      assertTrue(headers.allValues("X-Powered-By").isEmpty(), what + ": X-Powered-By " + headers.allValues("X-Powered-By"));
      assertTrue(headers.allValues("Strict-Transport-Security").isEmpty(), what + ": no HSTS over plain http");
    }
  }

  @Test
  void theBrowserRunsThePagesOwnScriptsAndRefusesAnInjectedOne(WebDriver driver) {
    PortalPages alice = new PortalPages(driver, base());
    alice.signInAs("alice", "orgs/acme");
    var js = (org.openqa.selenium.JavascriptExecutor) driver;
    assertEquals(true, js.executeScript("return !!window.PrimeFaces && PrimeFaces.csp.NONCE_VALUE.length > 0"),
        "PrimeFaces and its inline init script (which carries the nonce) ran");

    Object refused = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "document.addEventListener('securitypolicyviolation', function (e) { done(e.violatedDirective); });"
        + "var s = document.createElement('script'); s.textContent = 'window.injected = true;';"
        + "document.body.appendChild(s);"
        + "setTimeout(function () { done('no violation, injected: ' + window.injected); }, 3000);");

    assertTrue(String.valueOf(refused).startsWith("script-src"), "an inline script without the nonce: " + refused);
    assertEquals(null, js.executeScript("return window.injected"));
    var console = Browser.consoleEntries(driver);
    assertTrue(console.stream().anyMatch(e -> e.getMessage().contains("Content Security Policy")), console.toString());
    assertTrue(console.stream().allMatch(e -> e.getMessage().contains("Content Security Policy")
        || e.getLevel().intValue() < java.util.logging.Level.SEVERE.intValue()), "only the refusal: " + console);
  }

  @Test
  void errorPagesAreOursAndNameNoServerProduct() throws Exception {
    HttpClient alice = signedInOverHttp("alice");
    HttpResponse<String> badRequest = get(cookieClient(), "auth/callback"); // a sign-in answer without a session
    HttpResponse<String> wrongMethod = get(alice, "auth/logout");
    HttpResponse<String> notFound = get(alice, "orgs/no-such-org");
    String notEvenAUri = rawGet("orgs/%zz"); // refused by the container before the portal sees it

    assertEquals(400, badRequest.statusCode(), badRequest.body());
    assertTrue(badRequest.body().contains("Sign-in was not completed"), badRequest.body());
    assertEquals(405, wrongMethod.statusCode(), wrongMethod.body());
    assertTrue(wrongMethod.body().contains("Not possible here"), wrongMethod.body());
    assertEquals(404, notFound.statusCode());
    for (HttpResponse<String> answer : List.of(badRequest, wrongMethod, notFound)) {
      String body = answer.body().toLowerCase(java.util.Locale.ROOT);
      for (String product : SERVER_PRODUCTS) {
        assertFalse(body.contains(product), answer.request().uri() + " names " + product + ":\n" + answer.body());
      }
      assertTrue(answer.body().contains("Roleport"), answer.body());
      assertEquals(1, answer.headers().allValues("Content-Security-Policy").size(), answer.headers().map().toString());
      assertEquals(List.of("nosniff"), answer.headers().allValues("X-Content-Type-Options"), answer.request().uri().toString());
      assertTrue(answer.headers().allValues("Server").isEmpty(), answer.headers().map().toString());
    }
    // Payara answers a URI it cannot decode itself, before any filter (an empty answer): it must not name itself.
    String raw = notEvenAUri.toLowerCase(java.util.Locale.ROOT);
    assertTrue(raw.startsWith("http/1.1 "), notEvenAUri);
    assertFalse(raw.contains("\r\nserver:") || raw.contains("\r\nx-powered-by:"), notEvenAUri);
    for (String product : SERVER_PRODUCTS) {
      assertFalse(raw.contains(product), "the container's own answer names " + product + ":\n" + notEvenAUri);
    }
    String rawBody = notEvenAUri.substring(notEvenAUri.indexOf("\r\n\r\n") + 4);
    assertTrue(rawBody.isBlank() || rawBody.contains("Roleport"), "no page but ours: " + notEvenAUri);
  }

  private static final List<String> SERVER_PRODUCTS =
      List.of("payara", "glassfish", "grizzly", "eclipse", "jakarta ee", "mojarra", "catalina");

  @Test
  void noOrganizationPageAnswersAServerErrorToAnyRole() throws Exception {
    List<String> pages = new java.util.ArrayList<>(List.of("orgs", "admin/orgs", "admin/audit"));
    for (String slug : List.of("acme", "globex", "isvco", "tailspin", "hooli")) {
      for (String page : List.of("", "/clusters", "/clusters/new", "/onboarding/aws", "/onboarding/azure", "/members",
          "/audit", "/support", "/clusters/999999")) {
        pages.add("orgs/" + slug + page);
      }
      pages.add("tp/" + slug);
      pages.add("tp/" + slug + "/clusters/999999");
    }
    java.util.Map<String, Integer> statuses = new java.util.TreeMap<>();
    List<String> brokenText = new java.util.ArrayList<>();
    for (var user : io.roleport.testenv.LocalIdp.DEMO) {
      HttpClient session = signedInOverHttp(user.name());
      for (String path : pages) {
        HttpResponse<String> answer = get(session, path);
        statuses.put(user.name() + " GET /" + path, answer.statusCode());
        String text = answer.body().replaceAll("(?s)<script.*?</script>", "");
        if (text.contains("???") || text.matches("(?s).*\\{\\d+(,[^}]*)?}.*")) {
          brokenText.add(user.name() + " GET /" + path);
        }
        if (answer.statusCode() == 403) {
          assertTrue(answer.body().contains("Not allowed"), "403 must be the refusal page: " + answer.body());
        }
      }
    }
    assertTrue(brokenText.isEmpty(), "pages with an unresolved key (???) or an unfilled placeholder: " + brokenText);
    var serverErrors = statuses.entrySet().stream().filter(e -> e.getValue() >= 500).toList();
    assertTrue(serverErrors.isEmpty(), "server errors: " + serverErrors);
    var unexpected = statuses.entrySet().stream().filter(e -> !List.of(200, 302, 403, 404).contains(e.getValue()))
        .toList();
    assertTrue(unexpected.isEmpty(), "each page is shown, a redirect, a refusal (403) or not found (404): " + unexpected);
    assertEquals(403, statuses.get("bob GET /orgs/acme/audit"), "a member may not read the audit trail");
    assertEquals(403, statuses.get("bob GET /orgs/acme/support"), "a member may not see support sessions");
    assertEquals(404, statuses.get("bob GET /orgs/globex/audit"), "another organization stays out of sight");
    assertEquals(200, statuses.get("alice GET /orgs/acme/audit"));
  }

  @Test
  void signingOutEndsTheProvidersSessionWithTheIdTokenHint(WebDriver driver) throws Exception {
    PortalPages alice = new PortalPages(driver, base());
    alice.signInAs("alice", "orgs");
    int before = idpLogouts().size();

    alice.byId("signOut").click();

    alice.byId("user-alice"); // back at the portal, which asks to sign in again (the IdP's sign-in page)
    Browser.consoleEntries(driver); // the IdP's pages are not ours
    List<io.roleport.testenv.LocalIdp.EndedSession> ended = idpLogouts();
    assertEquals(before + 1, ended.size(), "the IdP accepted one logout: " + ended);
    var logout = ended.get(ended.size() - 1);
    assertEquals("alice", logout.subject(), "the hint is alice's ID token");
    assertEquals("roleport", logout.clientId());
    driver.get(alice.url("orgs"));
    alice.byId("user-alice");
    assertTrue(driver.getCurrentUrl().startsWith(corporateIssuer()), driver.getCurrentUrl());
    Browser.consoleEntries(driver);
  }

  @Test
  void teamLeadBindsTheAccountCreatesAndDeletesACluster(WebDriver driver) throws Exception {
    PortalPages pages = new PortalPages(driver, base());
    pages.signInAs("alice", "orgs");
    assertTrue(pages.new Organizations().open().tableText().contains("Acme Corp"));
    Browser.screenshot(driver, "organizations");
    Accessibility.assertNoSeriousViolations(driver);

    var onboarding = pages.new AwsOnboarding().open("acme");
    String externalId = onboarding.externalId();
    assertTrue(externalId.matches("rp-[0-9a-f]{32}"), externalId);
    assertTrue(onboarding.trustPolicy().contains(externalId));
    assertEquals("Validate roles", pages.byId("binding:validate").getText());
    assertEquals("Copied", onboarding.copy("externalId"), "the copy button copies the ExternalId");
    assertEquals("Copied", onboarding.copy("trustPolicy"));
    assertEquals("roleport-acme-roles.yaml", pages.byId("cloudFormationDownload").getAttribute("data-download-name"));
    String template = onboarding.text("cloudFormation");
    assertFalse(template.contains("FullAccess"), "least privilege: no *FullAccess policy");
    deployTemplateInAcmeAccount(template);

    onboarding.enterArns(arn("RoleportAutomation"), arn("RoleportSupport")).validate();
    Browser.screenshot(driver, "onboarding-aws");
    Accessibility.assertNoSeriousViolations(driver);
    assertEquals(0, onboarding.failedChecks(), onboarding.checks());
    assertEquals(10, onboarding.passedChecks(), onboarding.checks());
    assertTrue(onboarding.checks().contains("policy simulation allows all"), onboarding.checks());
    assertEquals("10 of 10 checks passed: the account can be bound.", pages.byId("checksSummary").getText());
    assertEquals("checksSummary", driver.switchTo().activeElement().getAttribute("id"), "focus moves to the outcome");
    String dialog = onboarding.bindAndConfirm();
    assertTrue(dialog.contains("can never be changed") && dialog.contains("Bind permanently"), dialog);
    pages.byId("boundAccount");
    assertEquals(ACME_ACCOUNT, pages.new Organization().boundAccount());
    var bound = driver.findElement(org.openqa.selenium.By.cssSelector("#binding time.when"));
    assertTrue(bound.getAttribute("datetime").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
        "to the second, no fraction: " + bound.getAttribute("datetime"));
    assertTrue(bound.getAttribute("title").endsWith(" UTC"), "the UTC time on hover: " + bound.getAttribute("title"));
    assertTrue(bound.getText().matches(".*\\d\\d:\\d\\d:\\d\\d.*"), "shown to the second: " + bound.getText());
    assertEquals("no live clusters", pages.byId("ownCount").getText());
    Browser.screenshot(driver, "organization");
    Accessibility.assertNoSeriousViolations(driver);

    assertTrue(pages.new AwsOnboarding().open("acme").saysAlreadyBound());

    var form = pages.new NewCluster().open("acme");
    assertTrue(form.placementNote().contains(ACME_ACCOUNT), form.placementNote());
    Browser.screenshot(driver, "cluster-new");
    Accessibility.assertNoSeriousViolations(driver);
    form.name("web-1").submit();
    var cluster = pages.new ClusterDetail();
    assertTrue(cluster.messages().contains("web-1 is being created"), cluster.messages());
    cluster.waitForStatus("Active", Duration.ofSeconds(90));
    // The refreshes kept the message until a newer one replaced it, and stopped once nothing could change.
    pages.waitForText("cluster:messages", "web-1 is active", Duration.ofSeconds(10));
    assertFalse(cluster.messages().contains("being created"), cluster.messages());
    assertFalse(cluster.live(), "an active cluster's page stops refreshing itself");
    long requests = cluster.ajaxRequests();
    Awaitility.await("no request for 3 s (three refresh intervals)").during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5)).until(cluster::ajaxRequests, n -> n == requests);
    assertEquals(ACME_ACCOUNT, cluster.placementAccount());
    assertTrue(cluster.steps().contains("Node group active"), cluster.steps());
    assertTrue(pages.byId("cloudResourceId").getText().startsWith("arn:aws:eks:eu-west-1:" + ACME_ACCOUNT + ":cluster/"),
        pages.byId("cloudResourceId").getText());
    assertTrue(pages.byId("endpoint").getText().startsWith("https://"), pages.byId("endpoint").getText());
    assertEquals("kubectl --kubeconfig acme-web-1.kubeconfig get nodes", pages.byId("kubectlTest").getText());
    assertTrue(pages.byId("cluster:kubeconfigHelp").getText().contains("AWS CLI v2"),
        pages.byId("cluster:kubeconfigHelp").getText());
    HttpResponse<String> kubeconfigFile = getAsSignedIn(driver, driver.getCurrentUrl() + "/kubeconfig");
    assertEquals("attachment; filename=\"acme-web-1.kubeconfig\"",
        kubeconfigFile.headers().firstValue("Content-Disposition").orElse(""));
    // The file as downloaded works: alice's own AWS identity in her account (its administrator's keys) assumes the
    // org-admin access role through the file's exec, and the cluster's API (access entry) serves her its nodes.
    var kubectl = new io.roleport.testenv.Kubectl(java.nio.file.Files.createDirectories(
        java.nio.file.Path.of("target", "kubectl-home")), awsEndpoint());
    var nodes = kubectl.run(kubeconfigFile.body(), io.roleport.testenv.Kubectl.keys(
        new String[] {ACME_ADMIN_KEY, ACME_ADMIN_SECRET}), "get", "nodes");
    assertEquals(0, nodes.exit(), nodes.err());
    assertTrue(nodes.out().contains("Ready"), nodes.out());
    io.roleport.testenv.Kubectl.assertAnswer("yes", kubectl.run(kubeconfigFile.body(),
        io.roleport.testenv.Kubectl.keys(new String[] {ACME_ADMIN_KEY, ACME_ADMIN_SECRET}),
        "auth", "can-i", "create", "clusterrolebindings"));
    Browser.screenshot(driver, "cluster-active");
    Accessibility.assertNoSeriousViolations(driver);

    cluster.deleteTyping("web");
    assertTrue(cluster.messages().contains("Nothing was deleted: type web-1"), cluster.messages());
    assertEquals("Active", cluster.status(), "a wrong name deletes nothing");
    String confirm = cluster.deleteAndConfirm();
    assertTrue(confirm.contains("web-1") && confirm.contains(ACME_ACCOUNT), confirm);
    assertTrue(cluster.messages().contains("web-1 is being deleted"), cluster.messages());
    cluster.waitForStatus("Deleted", Duration.ofSeconds(90));
    pages.waitForText("cluster:messages", "web-1 has been deleted", Duration.ofSeconds(10));
    String clusterPage = driver.getCurrentUrl();
    driver.get(pages.url("orgs/acme/clusters"));
    assertFalse(pages.byId("clustersForm:clusters").getText().contains("web-1"), "deleted clusters are hidden");
    pages.byId("clustersForm:showDeleted").click();
    pages.waitForText("clustersForm:clusters", "web-1", Duration.ofSeconds(10));
    driver.get(clusterPage);
    cluster.dismissMessages();
    assertEquals("", cluster.messages(), "a dismissed message is gone");
    Browser.assertNoSevereConsoleErrors(driver);

    deleteStackInAcmeAccount();
    pages.new Organization().open("acme");
    pages.byId("accessCheck:check").click();
    pages.ajaxSettled();
    assertTrue(pages.byId("accessCheck:revoked").getText().contains("Access revoked"));
    var refused = pages.new NewCluster().open("acme").name("web-2");
    refused.submit();
    String formError = pages.byId("newCluster:formMessages").getText();
    assertTrue(formError.contains("revoked"), formError);

    String audit = pages.new Audit().open("acme").table();
    assertTrue(audit.contains("Cloud account bound") && audit.contains("Cluster creation requested"), audit);
    Browser.screenshot(driver, "audit");
    Accessibility.assertNoSeriousViolations(driver);
    for (String action : new String[] {"binding.set", "cluster.create.requested", "cluster.create.finished",
        "cluster.delete.requested", "cluster.delete.finished", "binding.revoked"}) {
      assertTrue(audit.contains(action), action + " missing from the audit trail:\n" + audit);
    }
  }

  /**
   * Every page of an organization administrator at a laptop's width (1280 px) and a phone's (390 px): nothing makes
   * the page scroll sideways (wide tables scroll inside their card), and axe-core finds no serious violation.
   */
  @Test
  void everyPageFitsALaptopAndAPhoneAndPassesTheAccessibilityRules(WebDriver driver) {
    // Every kind of page, as the person who sees it: a team lead, an ISV admin, an operator, support, a third party.
    Map<String, List<String>> pagesOf = new java.util.LinkedHashMap<>();
    pagesOf.put("alice", List.of("orgs", "orgs/acme", "orgs/acme/clusters", "orgs/acme/clusters/new",
        "orgs/acme/onboarding/aws", "orgs/acme/onboarding/azure", "orgs/acme/members", "orgs/acme/audit",
        "orgs/acme/support"));
    pagesOf.put("ivan", List.of("orgs/isvco", "orgs/tailspin", "orgs/tailspin/members"));
    pagesOf.put("olga", List.of("admin/orgs", "admin/audit", "orgs/globex"));
    pagesOf.put("sam", List.of("orgs/globex/support"));
    pagesOf.put("tara", List.of("tp/tailspin"));
    var window = driver.manage().window();
    var before = window.getSize();
    List<String> overflowing = new java.util.ArrayList<>();
    try {
      for (var person : pagesOf.entrySet()) {
        PortalPages pages = new PortalPages(driver, base());
        window.setSize(before);
        pages.signInAs(person.getKey(), "");
        for (int width : new int[] {1280, 390}) {
          window.setSize(new org.openqa.selenium.Dimension(width, 900));
          for (String path : person.getValue()) {
            driver.get(pages.url(path));
            pages.byId("main");
            Number page = (Number) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            if (page.intValue() > 0) {
              overflowing.add(person.getKey() + " " + path + " at " + width + " px (" + page + " px too wide)");
              Browser.screenshot(driver, "overflow-" + path.replace('/', '-') + "-" + width);
            }
            Accessibility.assertNoSeriousViolations(driver);
          }
          if (width == 390 && person.getKey().equals("alice")) {
            driver.get(pages.url("orgs/acme"));
            Browser.screenshot(driver, "organization-390");
          }
        }
      }
    } finally {
      window.setSize(before);
    }
    assertTrue(overflowing.isEmpty(), "pages wider than the screen: " + overflowing);
    Browser.assertNoSevereConsoleErrors(driver);
  }

  @Test
  void anotherOrganizationsPagesAnswerNotFound(WebDriver driver) throws Exception {
    PortalPages pages = new PortalPages(driver, base());
    pages.signInAs("alice", "orgs");

    assertFalse(pages.new Organizations().open().tableText().contains("Globex"));
    assertEquals(404, statusAsSignedIn(driver, pages.url("orgs/globex")));
    assertEquals(404, statusAsSignedIn(driver, pages.url("orgs/globex/clusters")));
    assertEquals(404, statusAsSignedIn(driver, pages.url("orgs/globex/onboarding/aws")));
    assertEquals(404, statusAsSignedIn(driver, pages.url("orgs/no-such-org")));
    assertEquals(200, statusAsSignedIn(driver, pages.url("orgs/acme")));
  }

  @Test
  void theNewOrganizationFormNamesEveryRefusedFieldAtOnceAndCutsNothing(WebDriver driver) {
    PortalPages alice = new PortalPages(driver, base());
    alice.signInAs("alice", "orgs");
    String longName = "A name far longer than the one hundred characters an organization may have, typed in full by"
        + " someone who did not read the hint";
    alice.byId("createOrg:name").sendKeys(longName);
    alice.byId("createOrg:slug").sendKeys("Bad Slug!");
    alice.byId("createOrg:create").click();
    alice.ajaxSettled();

    String form = alice.byId("createOrg").getText();
    assertTrue(form.contains("Enter a name of 1 to 100 characters"), form);
    assertTrue(form.contains("The URL name \"Bad Slug!\" is not valid"), form);
    assertEquals(longName, alice.byId("createOrg:name").getAttribute("value"), "nothing typed is cut");
    assertEquals("Bad Slug!", alice.byId("createOrg:slug").getAttribute("value"));
    assertFalse(alice.new Organizations().open().tableText().contains("Bad Slug"), "nothing was created");
    Browser.assertNoSevereConsoleErrors(driver);
  }

  @Test
  void aBadClusterNameIsExplainedAndTheInputKept(WebDriver driver) {
    PortalPages pages = new PortalPages(driver, base());
    pages.signInAs("bob", "orgs");

    var form = pages.new NewCluster().open("acme").name("Bad Name!").nodeCount("99");
    form.submit();

    assertTrue(form.nameError().contains("is not valid"), form.nameError());
    assertTrue(form.nodeCountError().contains("1 to 20"), "every field is checked at once: " + form.nodeCountError());
    form.nodeCount("2");
    assertEquals("Bad Name!", form.nameValue());

    String tooLong = "a-name-that-is-much-longer-than-forty-characters";
    form.name(tooLong).submit();
    assertEquals(tooLong, form.nameValue(), "a long name is never cut");
    assertTrue(form.nameError().contains("2 to 40"), "refused with the rule: " + form.nameError());
    assertTrue(pages.byId("newCluster:nodeCountHint").getText().contains("1 to 20"));
    Browser.assertNoSevereConsoleErrors(driver);
  }

  @Test
  void removingAMappingTakesEffectAtOnce(WebDriver driver) throws Exception {
    PortalPages alice = new PortalPages(driver, base());
    alice.signInAs("alice", "orgs");
    var members = alice.new Members().open("acme").add("globex-leads");
    assertTrue(members.table().contains("globex-leads"), members.table());
    WebDriver gusBrowser = Browser.newDriver();
    try {
      PortalPages gus = new PortalPages(gusBrowser, base());
      gus.signInAs("gus", "orgs");
      assertEquals(200, statusAsSignedIn(gusBrowser, gus.url("orgs/acme")));

      members.remove("globex-leads");

      assertFalse(members.table().contains("globex-leads"), members.table());
      assertEquals(404, statusAsSignedIn(gusBrowser, gus.url("orgs/acme")));
    } finally {
      gusBrowser.quit();
    }
    Browser.assertNoSevereConsoleErrors(driver);
  }

  @Test
  void aGroupRemovedOrAPersonDisabledAtTheProviderEndsTheirAccessWithoutANewSignIn(WebDriver driver)
      throws Exception {
    idpDirectory().tokenLifetime("rhea", Duration.ofSeconds(3));
    PortalPages rhea = new PortalPages(driver, base());
    rhea.signInWithGroups("rhea", "acme-devs", "orgs/acme");
    assertEquals(200, statusAsSignedIn(driver, rhea.url("orgs/acme")), "acme-devs are members of acme");

    idpDirectory().setGroups("rhea", List.of());

    // Once her ID token has expired, Roleport reads her groups again at the provider: no more acme, and no new
    // sign-in (no redirect to the provider: the same session answers).
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> statusAsSignedIn(driver, rhea.url("orgs/acme")) == 404);
    assertEquals(200, statusAsSignedIn(driver, rhea.url("orgs")), "still signed in, without the group");

    idpDirectory().disable("rhea");

    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> statusAsSignedIn(driver, rhea.url("orgs")) == 303);
    driver.get(rhea.url("orgs"));
    rhea.byId("username"); // the session is gone: the provider's sign-in page asks again
    Browser.consoleEntries(driver);
  }

  @Test
  void aSignInThatReachesItsLifetimeOrIsRefusedEndsOnAPageThatSaysWhy(WebDriver driver) {
    PortalPages pages = new PortalPages(driver, base());
    driver.get(pages.url("auth/ended?why=revoked&org=tailspin"));
    assertTrue(pages.byId("sessionEndedReason").getText().contains("disabled"));
    assertTrue(pages.byId("signInAgain").getAttribute("href").endsWith("/auth/login/tailspin"));
    driver.get(pages.url("auth/ended?why=lifetime&org=evil.example/x"));
    assertTrue(pages.byId("sessionEndedReason").getText().contains("maximum lifetime"));
    assertFalse(pages.byId("signInAgain").getAttribute("href").contains("evil"));
    Browser.assertNoSevereConsoleErrors(driver);
  }

  @Test
  void signInUsesPkceAndRefusesATamperedOrReplayedCallback() throws Exception {
    HttpClient browser = cookieClient();
    URI callback = authorizeOverHttp(browser, "alice");
    String tampered = callback.toString().replaceAll("state=[^&]+", "state=forged");

    HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create(tampered)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, forged.statusCode());
    assertTrue(forged.body().contains("Sign-in was not completed"), forged.body());

    HttpResponse<String> genuine = browser.send(HttpRequest.newBuilder(callback).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(302, genuine.statusCode());
    assertTrue(genuine.headers().firstValue("Location").orElseThrow().endsWith("/orgs"));

    HttpClient mixedUp = cookieClient();
    URI answer = authorizeOverHttp(mixedUp, "alice");
    HttpResponse<String> otherIssuer = mixedUp.send(HttpRequest.newBuilder(URI.create(answer + "&iss="
        + java.net.URLEncoder.encode("http://127.0.0.1:9/evil", java.nio.charset.StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, otherIssuer.statusCode(), "an answer naming another issuer must be refused");
    assertEquals(400, mixedUp.send(HttpRequest.newBuilder(answer).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode(), "after a mix-up the sign-in attempt is given up");
    assertEquals(302, get(mixedUp, "orgs").statusCode());

    HttpClient attacker = cookieClient();
    HttpResponse<String> replayed = attacker.send(HttpRequest.newBuilder(callback).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, replayed.statusCode());
    assertEquals(302, get(attacker, "orgs").statusCode(), "the replayed callback must not have signed anyone in");

    // The authorization request altered on its way to the IdP: the ID token then carries another nonce, or the
    // code is bound to another PKCE challenge than the verifier Roleport holds. Both sign-ins must fail.
    HttpClient wrongNonce = cookieClient();
    URI nonceAnswer = authorizeOverHttp(wrongNonce, "alice", q -> q.replaceAll("nonce=[^&]+", "nonce=attacker-chosen"));
    assertEquals(400, wrongNonce.send(HttpRequest.newBuilder(nonceAnswer).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode(), "an ID token with another nonce must be refused");
    assertEquals(302, get(wrongNonce, "orgs").statusCode(), "nobody may be signed in by it");

    HttpClient wrongVerifier = cookieClient();
    String otherChallenge = com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
        com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256, new com.nimbusds.oauth2.sdk.pkce.CodeVerifier()).getValue();
    URI pkceAnswer = authorizeOverHttp(wrongVerifier, "alice",
        q -> q.replaceAll("code_challenge=[^&]+", "code_challenge=" + otherChallenge));
    assertEquals(400, wrongVerifier.send(HttpRequest.newBuilder(pkceAnswer).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode(), "a code bound to another PKCE challenge must not be redeemed");
    assertEquals(302, get(wrongVerifier, "orgs").statusCode(), "nobody may be signed in by it");
  }

  @Test
  void everyPageAndActionOfAnotherOrganizationAnswersNotFoundForEveryRole(WebDriver driver) throws Exception {
    PortalPages gus = new PortalPages(driver, base());
    gus.signInAs("gus", "orgs");
    gus.new NewCluster().open("globex").name("matrix-1").submit();
    gus.byId("status");
    String clusterUrl = driver.getCurrentUrl();
    String globexCluster = clusterUrl.substring(clusterUrl.lastIndexOf('/') + 1);
    List<String> foreignPaths = new java.util.ArrayList<>(List.of("orgs/globex", "orgs/globex/clusters",
        "orgs/globex/clusters/new", "orgs/globex/onboarding/aws", "orgs/globex/onboarding/azure", "orgs/globex/members",
        "orgs/globex/audit", "orgs/globex/support", "tp/globex"));
    for (String path : List.of("orgs/globex/clusters/", "tp/globex/clusters/")) {
      foreignPaths.add(path + globexCluster);
      foreignPaths.add(path + globexCluster + "/kubeconfig");
    }
    List<String> users = List.of("alice", "bob", "ivan", "tara");
    int checked = 0;

    for (String user : users) {
      HttpClient session = signedInOverHttp(user);
      List<String> paths = new java.util.ArrayList<>(foreignPaths);
      paths.add("orgs/acme/clusters/" + globexCluster); // a foreign cluster id under one's own (or a visible) org
      paths.add("tp/tailspin/clusters/" + globexCluster);
      for (String path : paths) {
        HttpResponse<String> page = get(session, path);
        HttpResponse<String> action = session.send(HttpRequest.newBuilder(URI.create(new PortalPages(null, base())
                .url(path))).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("jakarta.faces.ViewState=stateless&delete=1")).build(),
            HttpResponse.BodyHandlers.ofString());
        for (HttpResponse<String> answer : List.of(page, action)) {
          assertEquals(404, answer.statusCode(), user + " " + answer.request().method() + " " + path);
          assertFalse(answer.body().contains("Globex") || answer.body().contains("333333333333")
              || answer.body().contains("matrix-1"), user + " saw globex data at " + path);
          checked++;
        }
      }
    }
    assertEquals(users.size() * (foreignPaths.size() + 2) * 2, checked);
  }

  /** The whole answer (status line, headers, body) to a GET of a path sent as is, even one that is no URI. */
  private String rawGet(String path) throws Exception {
    URI root = URI.create(new PortalPages(null, base()).url(""));
    try (java.net.Socket socket = new java.net.Socket(root.getHost(), root.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + root.getPath() + path + " HTTP/1.1\r\nHost: " + root.getHost() + ":"
          + root.getPort() + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static HttpClient cookieClient() {
    return HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  private HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(new PortalPages(null, base()).url(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Walks the sign-in to the IdP's answer: checks the PKCE parameters, returns the callback URL. */
  private URI authorizeOverHttp(HttpClient browser, String user) throws Exception {
    return authorizeOverHttp(browser, user, q -> q);
  }

  /** As above, with the authorization request's query altered on its way to the IdP by {@code tamper}. */
  private URI authorizeOverHttp(HttpClient browser, String user, java.util.function.UnaryOperator<String> tamper)
      throws Exception {
    HttpResponse<String> start = get(browser, "orgs");
    assertEquals(302, start.statusCode());
    URI asked = URI.create(start.headers().firstValue("Location").orElseThrow());
    String query = asked.getRawQuery();
    URI authorize = URI.create(asked.toString().replace(query, tamper.apply(query)));
    assertTrue(query.contains("code_challenge_method=S256") && query.contains("code_challenge=")
        && query.contains("nonce=") && query.contains("state="), query);
    String claims = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
        io.roleport.testenv.LocalIdp.claims(user));
    HttpResponse<String> login = browser.send(HttpRequest.newBuilder(authorize)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&claims="
            + java.net.URLEncoder.encode(claims, java.nio.charset.StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    return URI.create(login.headers().firstValue("Location").orElseThrow());
  }

  /** An HTTP client signed in as a demo user (through the real IdP round trip). */
  private HttpClient signedInOverHttp(String user) throws Exception {
    HttpClient client = cookieClient();
    URI callback = authorizeOverHttp(client, user);
    assertEquals(302, client.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode());
    return client;
  }

  @Test
  void supportOpensAnAuditedConsoleSessionThatTheThirdPartySees(WebDriver driver) throws Exception {
    PortalPages sam = new PortalPages(driver, base());
    sam.signInAs("sam", "orgs/tailspin/support");
    sam.byId("openSupport:reason").sendKeys("too short");
    sam.byId("openSupport:open").click();
    sam.ajaxSettled();
    String reasonError = sam.byId("openSupport:reason").findElement(
        org.openqa.selenium.By.xpath("../*[contains(@class,'ui-message')]")).getText();
    assertTrue(reasonError.contains("10 to 500"), "the reason is checked before the confirmation: " + reasonError);
    assertTrue(driver.findElements(org.openqa.selenium.By.cssSelector(".ui-confirm-dialog")).stream()
        .noneMatch(org.openqa.selenium.WebElement::isDisplayed), "no confirmation for a refused reason");
    sam.byId("openSupport:reason").clear();
    sam.byId("openSupport:reason").sendKeys("Ticket 4711: node group does not scale");
    new org.openqa.selenium.support.ui.Select(sam.byId("openSupport:minutes")).selectByValue("15");
    java.time.Instant opened = java.time.Instant.now();
    sam.byId("openSupport:open").click();
    sam.waitUpTo(Duration.ofSeconds(10)).until(org.openqa.selenium.support.ui.ExpectedConditions
        .visibilityOfElementLocated(org.openqa.selenium.By.cssSelector(".ui-confirm-dialog")));
    sam.byId("openSupport:confirmYes").click();
    String link = sam.byId("consoleLink").getAttribute("href");
    Browser.screenshot(driver, "support");
    Accessibility.assertNoSeriousViolations(driver);
    driver.get(sam.url("orgs/tailspin/support"));
    assertEquals(link, sam.byId("consoleLink").getAttribute("href"), "the link stays while the session lasts");
    driver.get(sam.url("orgs/isvco/support")); // isvco has no account of its own
    assertTrue(sam.byId("noSupportRole").getText().contains("no account of its own"));
    assertTrue(driver.findElements(org.openqa.selenium.By.id("openSupport")).isEmpty(), "no form to fill in vain");

    driver.get(link);
    assertEquals("555555555555", sam.byId("account").getText());
    assertEquals("RoleportSupport", sam.byId("role").getText());
    assertEquals("sam", sam.byId("source-identity").getText());
    java.time.Instant consoleUntil = java.time.Instant.parse(sam.byId("console-until").getText());
    assertTrue(consoleUntil.isBefore(opened.plus(Duration.ofMinutes(16))),
        "the console session ends with the 15-minute window, not later: " + consoleUntil);
    Browser.consoleEntries(driver); // the simulated console is not our page: drop its console messages

    WebDriver taraBrowser = Browser.newDriver();
    try {
      PortalPages tara = new PortalPages(taraBrowser, base());
      tara.signInAs("tara", "");
      String sessions = tara.byId("supportSessions").getText();
      assertTrue(sessions.contains("sam") && sessions.contains("Ticket 4711"), sessions);
    } finally {
      taraBrowser.quit();
    }
  }

  @Test
  void operatorsSeeTheInventoryAndAuditOfAllOrganizationsAndNobodyElseDoes(WebDriver driver) throws Exception {
    PortalPages alice = new PortalPages(driver, base());
    alice.signInAs("alice", "orgs");
    assertEquals(404, statusAsSignedIn(driver, alice.url("admin/orgs")));
    assertEquals(404, statusAsSignedIn(driver, alice.url("admin/audit")));

    PortalPages olga = new PortalPages(driver, base());
    olga.signInAs("olga", "admin/orgs");
    String inventory = olga.byId("inventory:orgs").getText();
    assertTrue(inventory.contains("globex") && inventory.contains("333333333333") && inventory.contains("tailspin")
        && inventory.contains("555555555555"), inventory);
    Browser.screenshot(driver, "inventory");
    Accessibility.assertNoSeriousViolations(driver);
    driver.get(olga.url("admin/audit"));
    String audit = olga.byId("audit:events").getText();
    assertTrue(audit.contains("access.notFound") && audit.contains("signin"), audit);

    driver.get(olga.url("admin/orgs"));
    olga.byId("inventory:orgs");
    var count = driver.findElement(org.openqa.selenium.By.cssSelector("#inventory\\:orgs a.count-link[href$='/orgs/globex/clusters']"));
    count.click();
    olga.byId("clustersForm:clusters"); // the count leads to the list it counts

    PortalPages sam = new PortalPages(driver, base());
    sam.signInAs("sam", "admin/orgs");
    assertTrue(sam.byId("inventory:orgs").getText().contains("globex"));
    driver.get(sam.url("orgs/globex/clusters"));
    sam.byId("clustersForm:clusters");
    assertTrue(driver.findElements(org.openqa.selenium.By.id("newCluster")).isEmpty(), "no Create for an operator");
    driver.get(sam.url("orgs/globex/clusters/new"));
    assertTrue(sam.byId("cannotCreate").getText().contains("does not allow"), "the form is not offered");
    assertEquals(404, statusAsSignedIn(driver, sam.url("admin/audit")));
    Browser.assertNoSevereConsoleErrors(driver);
  }

  @Test
  void theAuditTrailShowsPeopleByNameBesideTheirSubjectFiltersOnBothAndExportsTheName(WebDriver driver)
      throws Exception {
    PortalPages gus = new PortalPages(driver, base());
    gus.signInAs("gus", "orgs");
    gus.new Members().open("globex").add("globex-auditors").remove("globex-auditors");

    var audit = gus.new Audit().open("globex");
    String table = audit.table();
    assertTrue(table.contains("Gus (gus)") && table.contains("mapping.added"), table);
    assertTrue(table.contains("Group mapped to a role"), "the action in words: " + table);
    String csv = audit.csv();
    assertTrue(csv.lines().findFirst().orElse("").contains("\"Who\",\"Name\",\"Action\""), csv);
    assertTrue(csv.contains("\"gus\",\"Gus\",\"mapping.added\",\"OK\""), csv);
    assertFalse(csv.contains("#{"), csv);
    audit.filterWho("nobody-at-all").waitForRows("Nothing has been recorded yet.");
    audit.filterWho("Gus (gus)").waitForRows("mapping.removed");

    PortalPages olga = new PortalPages(driver, base());
    olga.signInAs("olga", "admin/orgs");
    var installation = olga.new Audit().openInstallation();
    String all = installation.table();
    assertTrue(all.contains("Olga (olga)") && all.contains("Gus (gus)"), all);
    String allCsv = installation.csv();
    assertTrue(allCsv.lines().findFirst().orElse("").contains("\"Who\",\"Name\",\"Action\""), allCsv);
    assertTrue(allCsv.contains("\"olga\",\"Olga\",\"signin\",\"OK\""), allCsv);
    assertFalse(allCsv.contains("#{"), allCsv);
    installation.filterWho("Olga (olga)").waitForRowsWithout("Gus (gus)");
    assertTrue(installation.table().contains("Olga (olga)"), installation.table());
    Browser.assertNoSevereConsoleErrors(driver);
  }

  @Test
  void aThirdPartySignsInThroughItsOwnIdentityProviderAndGetsOnlyItsArea(WebDriver driver) throws Exception {
    String tailspinIssuer = corporateIssuer().replaceAll("/[^/]+$", "/tailspin-staff");
    PortalPages ivan = new PortalPages(driver, base());
    ivan.signInAs("ivan", "orgs/tailspin");
    ivan.byId("idp:issuer").sendKeys(tailspinIssuer);
    ivan.byId("idp:clientId").sendKeys("roleport-at-tailspin");
    ivan.byId("idp:register").click();
    ivan.ajaxSettled();
    assertEquals(tailspinIssuer, ivan.byId("idpIssuer").getText());
    assertEquals(ivan.url("auth/callback"), ivan.byId("idpRedirectUri").getText(), "what the third party registers");
    assertEquals("Copied", ivan.copy("idpLink"));
    String signInLink = ivan.byId("idpLink").getText();

    WebDriver staffBrowser = Browser.newDriver();
    try {
      PortalPages staff = new PortalPages(staffBrowser, base());
      staffBrowser.get(signInLink);
      assertTrue(staffBrowser.getCurrentUrl().startsWith(tailspinIssuer), staffBrowser.getCurrentUrl());
      staff.byId("username").sendKeys("tina");
      staff.byId("sign-in").click();
      staff.byId("signedInAs");

      assertTrue(staffBrowser.getCurrentUrl().endsWith("/tp/tailspin"), staffBrowser.getCurrentUrl());
      assertTrue(staff.byId("signedInAs").getText().contains("tina"));
      assertNoManagementPlane(staffBrowser.getPageSource());
      assertEquals(404, statusAsSignedIn(staffBrowser, staff.url("orgs/tailspin")));
      assertEquals(404, statusAsSignedIn(staffBrowser, staff.url("orgs/acme")));
      assertEquals(404, statusAsSignedIn(staffBrowser, staff.url("tp/isvco")));
      assertEquals(404, statusAsSignedIn(staffBrowser, staff.url("admin/orgs")));

      staff.byId("signOut").click();
      staff.byId("username"); // the sign-in page of the third party's own provider, not the corporate one
      assertTrue(staffBrowser.getCurrentUrl().startsWith(tailspinIssuer), staffBrowser.getCurrentUrl());
      Browser.consoleEntries(staffBrowser);
    } finally {
      staffBrowser.quit();
    }
  }

  /** Strings of the management plane that must never reach a third party's browser. */
  static final java.util.List<String> MANAGEMENT_PLANE = java.util.List.of("222222222222", "111111111111",
      "arn:aws:iam::111111111111:user/roleport", "RoleportWorkload", "Acme", "acme", "Globex", "globex",
      "isvco-admins", "Organizations");

  @Test
  void aThirdPartySeesOnlyItsOwnClustersAndNothingOfTheManagementPlane(WebDriver driver) throws Exception {
    PortalPages ivan = new PortalPages(driver, base());
    ivan.signInAs("ivan", "orgs");
    ivan.new NewCluster().open("tailspin").name("tp-1").submit();
    ivan.new ClusterDetail().waitForStatus("Active", Duration.ofSeconds(90));
    String clusterUrl = driver.getCurrentUrl();
    String clusterId = clusterUrl.substring(clusterUrl.lastIndexOf('/') + 1);
    WebDriver taraBrowser = Browser.newDriver();
    try {
      PortalPages tara = new PortalPages(taraBrowser, base());
      tara.signInAs("tara", "");

      assertTrue(taraBrowser.getCurrentUrl().endsWith("/tp/tailspin"), taraBrowser.getCurrentUrl());
      assertTrue(tara.byId("tpClusters:clusters").getText().contains("tp-1"));
      assertNoManagementPlane(taraBrowser.getPageSource());
      Browser.screenshot(taraBrowser, "third-party");
      Accessibility.assertNoSeriousViolations(taraBrowser);
      taraBrowser.get(tara.url("tp/tailspin/clusters/" + clusterId));
      tara.byId("kubeconfig");
      assertEquals("kubectl --kubeconfig tailspin-tp-1.kubeconfig get nodes", tara.byId("kubectlTest").getText());
      assertNoManagementPlane(taraBrowser.getPageSource());
      HttpResponse<String> kubeconfig = getAsSignedIn(taraBrowser, tara.url("tp/tailspin/clusters/" + clusterId
          + "/kubeconfig"));
      assertEquals(200, kubeconfig.statusCode());
      assertEquals("attachment; filename=\"tailspin-tp-1.kubeconfig\"",
          kubeconfig.headers().firstValue("Content-Disposition").orElse(""));
      assertTrue(kubeconfig.body().contains("server: https://") && kubeconfig.body().contains("get-token"),
          kubeconfig.body());
      assertNoManagementPlane(kubeconfig.body());
      assertEquals(404, statusAsSignedIn(taraBrowser, tara.url("orgs/tailspin")));
      assertEquals(404, statusAsSignedIn(taraBrowser, tara.url("orgs/isvco")));
      assertEquals(404, statusAsSignedIn(taraBrowser, tara.url("orgs/tailspin/clusters/" + clusterId)));
      assertEquals(404, statusAsSignedIn(taraBrowser, tara.url("tp/isvco")));
      Browser.assertNoSevereConsoleErrors(taraBrowser);
    } finally {
      taraBrowser.quit();
    }
  }

  @Test
  void anIsvAdminOnboardsAThirdPartyWithItsOwnExternalId(WebDriver driver) {
    PortalPages ivan = new PortalPages(driver, base());
    ivan.signInAs("ivan", "orgs/isvco");
    ivan.byId("thirdParty:name").sendKeys("Northwind");
    ivan.byId("thirdParty:slug").sendKeys("northwind");
    ivan.byId("thirdParty:usersGroup").sendKeys("northwind-users");

    ivan.byId("thirdParty:create").click();

    var onboarding = ivan.new AwsOnboarding();
    ivan.waitUpTo(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().endsWith("/orgs/northwind/onboarding/aws"));
    String externalId = onboarding.externalId();
    assertTrue(externalId.matches("rp-[0-9a-f]{32}"), externalId);
    assertFalse(externalId.equals("rp-5a0e3b1c7d9f24681357924680acebdf"));
    Browser.assertNoSevereConsoleErrors(driver);
  }

  @Test
  void aTeamLeadBindsAnAccountThatTrustsTheirOwnSignInAndActsThereAsThemself(WebDriver driver) throws Exception {
    PortalPages gus = new PortalPages(driver, base());
    gus.signInAs("gus", "orgs");
    var onboarding = gus.new AwsOnboarding().open("hooli").chooseWebIdentity();
    String issuer = onboarding.text("issuer");
    assertEquals(corporateIssuer(), issuer);
    String audience = onboarding.text("audience");
    String automationTrust = onboarding.webIdentityTrustPolicy();
    assertFalse(automationTrust.contains("111111111111"), "the automation role must not trust Roleport itself");
    assertTrue(automationTrust.contains("YOUR_ACCOUNT_ID"), automationTrust);
    gus.byId("accountIdFill").sendKeys(HOOLI_ACCOUNT); // typed once, filled in the document
    String filledTrust = onboarding.webIdentityTrustPolicy();
    assertEquals(automationTrust.replace("YOUR_ACCOUNT_ID", HOOLI_ACCOUNT), filledTrust);
    Browser.screenshot(driver, "onboarding-aws-web-identity");
    Accessibility.assertNoSeriousViolations(driver);

    String permissions = onboarding.text("automationPolicy").replace("YOUR_ACCOUNT_ID", HOOLI_ACCOUNT);
    // What Hooli's administrator does, following the page: the IAM OIDC provider, then both roles and the automation
    // role's permissions (the two EKS roles are in Hooli's account already).
    try (IamClient iam = hooliAdminIam()) {
      iam.createOpenIDConnectProvider(r -> r.url(issuer).clientIDList(audience));
      iam.createRole(r -> r.roleName("RoleportWebAutomation").assumeRolePolicyDocument(filledTrust));
      iam.putRolePolicy(r -> r.roleName("RoleportWebAutomation").policyName("RoleportAutomation")
          .policyDocument(permissions));
      iam.createRole(r -> r.roleName("RoleportWebSupport").assumeRolePolicyDocument(onboarding.trustPolicy()));
      // the page: the three access roles (in Hooli's account already) need the automation role's trust too
      for (String access : List.of("RoleportEksView", "RoleportEksEdit", "RoleportEksAdmin")) {
        iam.updateAssumeRolePolicy(r -> r.roleName(access).policyDocument(filledTrust));
      }
    }
    onboarding.enterArns(hooliArn("RoleportWebAutomation"), hooliArn("RoleportWebSupport")).validate();
    assertEquals(0, onboarding.failedChecks(), onboarding.checks());
    assertEquals(9, onboarding.passedChecks(), onboarding.checks());
    assertTrue(onboarding.checks().contains("ID token of gus"), onboarding.checks());
    onboarding.bindAndConfirm();
    gus.byId("boundAccount");
    assertTrue(gus.byId("federation").getText().contains("web identity"), gus.byId("federation").getText());

    gus.new NewCluster().open("hooli").name("wi-1").submit();
    var cluster = gus.new ClusterDetail().waitForStatus("Active", Duration.ofSeconds(90));
    assertEquals(HOOLI_ACCOUNT, cluster.placementAccount());
    // The kubeconfig as the page hands it out, with gus's own ID token as his only AWS identity: his org-admin access
    // role, assumed with that token by the file's exec, gets him the nodes.
    HttpResponse<String> kubeconfigFile = getAsSignedIn(driver, driver.getCurrentUrl() + "/kubeconfig");
    assertEquals(200, kubeconfigFile.statusCode(), kubeconfigFile.body());
    var kubectl = new io.roleport.testenv.Kubectl(java.nio.file.Files.createDirectories(
        java.nio.file.Path.of("target", "kubectl-home")), awsEndpoint());
    var nodes = kubectl.run(kubeconfigFile.body(),
        java.util.Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", kubectl.tokenFile(idToken("gus"))), "get", "nodes");
    assertEquals(0, nodes.exit(), nodes.err());
    assertTrue(nodes.out().contains("Ready"), nodes.out());
    com.fasterxml.jackson.databind.JsonNode journal = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(awsEndpoint().resolve("/_sim/journal")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
    String session = "arn:aws:sts::" + HOOLI_ACCOUNT + ":assumed-role/RoleportWebAutomation/roleport-gus";
    boolean createdAsGus = false;
    boolean viaWebIdentity = false;
    for (var entry : journal) {
      createdAsGus |= entry.path("action").asText().equals("CreateCluster")
          && session.equals(entry.path("principalArn").asText());
      viaWebIdentity |= entry.path("action").asText().equals("AssumeRoleWithWebIdentity")
          && entry.path("resource").asText().contains("RoleportWebAutomation") && entry.path("status").asInt() == 200;
    }
    assertTrue(createdAsGus, "the cluster must be created by gus's own web-identity session: " + journal);
    assertTrue(viaWebIdentity, "the session must come from AssumeRoleWithWebIdentity: " + journal);

    cluster.deleteAndConfirm();
    cluster.waitForStatus("Deleted", Duration.ofSeconds(90));

    String page = driver.getCurrentUrl();
    gus.byId("signInAgain").click();
    gus.byId("user-gus").click();
    gus.waitUpTo(Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().equals(page));
    gus.byId("signedInAs");

    try (IamClient iam = hooliAdminIam()) { // Hooli revokes: it removes the identity provider
      iam.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn("arn:aws:iam::" + HOOLI_ACCOUNT
          + ":oidc-provider/" + issuer.replaceFirst("^https?://", "")));
    }
    gus.new Organization().open("hooli");
    gus.byId("accessCheck:check").click();
    gus.ajaxSettled();
    assertTrue(gus.byId("accessCheck:revoked").getText().contains("Access revoked"));
    String audit = gus.new Audit().open("hooli").table();
    assertTrue(audit.contains("web identity"), audit);
    Browser.assertNoSevereConsoleErrors(driver);
  }

  private static String hooliArn(String role) {
    return "arn:aws:iam::" + HOOLI_ACCOUNT + ":role/" + role;
  }

  private IamClient hooliAdminIam() {
    return IamClient.builder()
        .endpointOverride(awsEndpoint())
        .region(Region.AWS_GLOBAL)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAHOOLIADMINLOCAL01",
            "hooli-admin-local-secret-not-for-production")))
        .build();
  }

  private static void assertNoManagementPlane(String body) {
    for (String secret : MANAGEMENT_PLANE) {
      assertFalse(body.contains(secret), "third-party page shows management-plane data: " + secret);
    }
  }

  private static HttpResponse<String> getAsSignedIn(WebDriver driver, String url) throws Exception {
    Cookie session = driver.manage().getCookieNamed("JSESSIONID");
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(url))
        .header("Cookie", "JSESSIONID=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String arn(String role) {
    return "arn:aws:iam::" + ACME_ACCOUNT + ":role/" + role;
  }

  /**
   * What the customer does in its own account: deploys the CloudFormation template exactly as the page shows it, with
   * the AWS CLI (it creates both roles with their least-privilege permissions and the two roles handed to EKS).
   */
  private void deployTemplateInAcmeAccount(String template) throws Exception {
    var stack = acmeCli().deployStack(ACME_ADMIN_KEY, ACME_ADMIN_SECRET, "roleport", template);
    assertEquals("CREATE_COMPLETE", stack.path("StackStatus").asText(), stack.toString());
  }

  /** The customer revokes: it deletes the stack, and with it every role. */
  private void deleteStackInAcmeAccount() throws Exception {
    acmeCli().run(ACME_ADMIN_KEY, ACME_ADMIN_SECRET, "cloudformation", "delete-stack", "--stack-name", "roleport").json();
  }

  private static final String ACME_ADMIN_KEY = "AKIAACMEADMINLOCAL01";
  private static final String ACME_ADMIN_SECRET = "acme-admin-local-secret-not-for-production";

  private io.roleport.sim.AwsCli acmeCli() throws java.io.IOException {
    return new io.roleport.sim.AwsCli(awsEndpoint(), java.nio.file.Path.of("target", "aws-cli-home"));
  }

  /** The HTTP status of a page for the browser's signed-in session. */
  private static int statusAsSignedIn(WebDriver driver, String url) throws Exception {
    Cookie session = driver.manage().getCookieNamed("JSESSIONID");
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Cookie", "JSESSIONID=" + session.getValue())
        .build();
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request,
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
