package io.roleport.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.testenv.Browser;
import io.roleport.testenv.Deployments;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * An Azure organization's journey in a real browser: a team lead creates the organization, onboards its
 * Azure subscription with the service principal of the Azure simulator's seed (after a refused wrong
 * secret), confirms the permanent binding, rotates the client secret, creates an AKS cluster, watches its
 * progress until it is active, and deletes it.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient // a browser outside Payara (the suite's one deployment runs the others inside)
class AzurePortalIT {
  static final String TENANT = "bbbbbbbb-0000-0000-0000-000000000001";
  static final String SUBSCRIPTION = "bbbbbbbb-0000-0000-0000-000000000501";
  static final String CLIENT = "bbbbbbbb-0000-0000-0000-000000000a01";
  static final String SECRET = "initech-sp-secret-local-only";
  static final String ROTATED_SECRET = "initech-sp-secret-rotated-local-only";
  static final String DEFAULT_SUBSCRIPTION = "aaaaaaaa-0000-0000-0000-000000000501";

  @ArquillianResource URL deployment;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @Test
  void teamLeadOnboardsAzureRotatesTheSecretCreatesAndDeletesAnAksCluster(WebDriver driver) throws Exception {
    PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
    AzurePages azure = new AzurePages(driver, pages);
    pages.signInAs("alice", "orgs");
    azure.createOrganization("Acme on Azure", "acme-azure", "acme-leads");
    assertTrue(pages.byId("setupAws").isDisplayed());
    assertTrue(pages.new Members().open("acme-azure").table().contains("acme-leads"), "the chosen group administers it");

    var unboundForm = pages.new NewCluster().open("acme-azure").name("typed-first");
    azure.chooseCloud(1);
    pages.waitForText("placementNote", DEFAULT_SUBSCRIPTION, Duration.ofSeconds(10));
    assertTrue(unboundForm.placementNote().contains("default Azure subscription"), unboundForm.placementNote());
    assertFalse(unboundForm.placementNote().contains("AWS"), "Azure in Azure's words: " + unboundForm.placementNote());
    assertTrue(pages.byId("newCluster:instanceTypeHint").getText().contains("Azure VM size"),
        pages.byId("newCluster:instanceTypeHint").getText());
    assertEquals("typed-first", unboundForm.nameValue(), "choosing the cloud keeps what was typed");
    assertEquals("westeurope", new Select(pages.byId("newCluster:region")).getFirstSelectedOption().getText());
    pages.new Organization().open("acme-azure");
    pages.byId("setupAzure").click();
    assertTrue(pages.byId("secretCommands").getText().contains("az ad sp create-for-rbac --name roleport-acme-azure"));
    assertEquals("Validate service principal", pages.byId("binding:validate").getText());
    assertEquals("Copied", pages.copy("secretCommands"));
    azure.enterServicePrincipal(TENANT, SUBSCRIPTION, CLIENT, "not-the-secret").validate();
    assertTrue(azure.checks().contains("client secret is wrong"), azure.checks());
    String summary = pages.byId("checksSummary").getText();
    assertTrue(summary.matches("\\d of \\d checks passed: see (the failed check|the \\d failed checks) below\\."), summary);
    assertEquals("check-fail", driver.switchTo().activeElement().getAttribute("class"),
        "focus moves to the first failed check");
    azure.enterServicePrincipal(TENANT, SUBSCRIPTION, CLIENT, SECRET).validate();
    assertEquals(0, azure.failedChecks(), azure.checks());
    assertEquals(7, azure.passedChecks(), azure.checks());
    Browser.screenshot(driver, "onboarding-azure");
    String dialog = azure.bindAndConfirm();
    assertTrue(dialog.contains("can never be changed"), dialog);

    assertEquals(SUBSCRIPTION, pages.byId("azureSubscription").getText());
    assertEquals(CLIENT, pages.byId("azureClient").getText());
    assertFalse(driver.getPageSource().contains(SECRET));
    azure.rotate(ROTATED_SECRET);
    assertTrue(pages.byId("rotate:secretVersions").getText().contains("v2"), pages.byId("rotate:secretVersions").getText());
    assertFalse(driver.getPageSource().contains(ROTATED_SECRET));
    Browser.screenshot(driver, "organization-azure");

    var form = pages.new NewCluster().open("acme-azure");
    assertTrue(form.placementNote().contains(SUBSCRIPTION), form.placementNote());
    assertTrue(driver.findElements(By.id("cloudChoice")).isEmpty(), "a bound organization has no cloud to choose");
    form.name("aks-web").submit();
    pages.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("[id$='progressBar']")));
    var cluster = pages.new ClusterDetail().waitForStatus("Active", Duration.ofSeconds(90));
    assertEquals(SUBSCRIPTION, cluster.placementAccount());
    assertTrue(cluster.steps().contains("AKS cluster and system node pool active"), cluster.steps());
    assertTrue(pages.byId("cloudResourceId").getText().startsWith("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/"),
        pages.byId("cloudResourceId").getText());
    assertEquals("kubectl --kubeconfig acme-azure-aks-web.kubeconfig get nodes", pages.byId("kubectlTest").getText());
    assertFalse(driver.getPageSource().contains("???"), "a message key is missing");
    Browser.screenshot(driver, "cluster-active-azure");

    String confirm = cluster.deleteAndConfirm();
    assertTrue(confirm.contains("aks-web") && confirm.contains("resource group in Azure subscription " + SUBSCRIPTION),
        confirm);
    cluster.waitForStatus("Deleted", Duration.ofSeconds(90));
    assertTrue(cluster.steps().contains("Resource group deleted"), cluster.steps());
    // A deleted AKS cluster has no kubeconfig: 409, on a conflict page of ours that names no server product.
    var kubeconfig = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(driver.getCurrentUrl() + "/kubeconfig"))
        .header("Cookie", "JSESSIONID=" + driver.manage().getCookieNamed("JSESSIONID").getValue()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(409, kubeconfig.statusCode(), kubeconfig.body());
    assertTrue(kubeconfig.body().contains("Not possible right now"), kubeconfig.body());
    assertFalse(kubeconfig.body().toLowerCase(java.util.Locale.ROOT).contains("payara"), kubeconfig.body());
    Browser.assertNoSevereConsoleErrors(driver);
  }

  /** The Azure pages: the organization form on /orgs, the Azure onboarding wizard, secret rotation. */
  static final class AzurePages {
    private final WebDriver driver;
    private final PortalPages pages;

    AzurePages(WebDriver driver, PortalPages pages) {
      this.driver = driver;
      this.pages = pages;
    }

    void createOrganization(String name, String slug, String adminGroup) {
      pages.new Organizations().open();
      type("createOrg:name", name);
      type("createOrg:slug", slug);
      new Select(pages.byId("createOrg:adminGroup")).selectByVisibleText(adminGroup);
      pages.byId("createOrg:create").click();
      pages.byId("bindingTitle");
    }

    /** On the create form of an organization without a binding: picks the n-th offered cloud. */
    void chooseCloud(int index) {
      pages.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(
          By.cssSelector("label[for='cloudChoice:cloud:" + index + "']"))).click();
      pages.ajaxSettled();
    }

    AzurePages enterServicePrincipal(String tenant, String subscription, String client, String secret) {
      type("binding:tenantId", tenant);
      type("binding:subscriptionId", subscription);
      type("binding:clientId", client);
      type("binding:clientSecret", secret);
      return this;
    }

    AzurePages validate() {
      pages.byId("binding:validate").click();
      pages.ajaxSettled();
      pages.byId("checks");
      return this;
    }

    String checks() {
      return pages.byId("checks").getText();
    }

    int failedChecks() {
      return driver.findElements(By.cssSelector("#checks li.check-fail")).size();
    }

    int passedChecks() {
      return driver.findElements(By.cssSelector("#checks li.check-ok")).size();
    }

    String bindAndConfirm() {
      String text = pages.confirmBinding(driver.getCurrentUrl().replaceAll(".*/orgs/([^/]+)/onboarding.*", "$1"));
      pages.byId("azureSubscription");
      return text;
    }

    void rotate(String secret) {
      type("rotate:newSecret", secret);
      pages.byId("rotate:rotateSecret").click();
      pages.ajaxSettled();
      pages.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
          By.id("rotate:secretVersions"), "v2"));
    }

    private void type(String id, String text) {
      WebElement field = pages.byId(id);
      field.clear();
      field.sendKeys(text);
    }
  }
}
