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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue #15 in a real browser: the operators' pages (all clusters, filtered through the form; the clusters left in
 * the default account, linking to exactly those) and an organization's webhook page (register with a wrong URL, then
 * a right one: the secret shown once; rotate and remove behind a confirmation that focuses Cancel). Every page
 * passes the accessibility rules and has no broken text; the demo data's Vandelay Industries has a cluster left in
 * the default account.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient // a browser outside Payara (the suite's one deployment runs the others inside)
class OperatorPagesIT {

  @ArquillianResource URL deployment;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @Test
  void operatorsFilterAllClustersAndFindTheClustersLeftInTheDefaultAccount(WebDriver driver) {
    PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
    pages.signInAs("olga", "admin/clusters");
    pages.byId("allClusters:clusters");
    Accessibility.assertNoSeriousViolations(driver);

    pages.byId("org").sendKeys("vandelay");
    new Select(driver.findElement(By.id("placement"))).selectByValue("DEFAULT_ACCOUNT");
    driver.findElement(By.id("applyFilter")).click();
    pages.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("placement=DEFAULT_ACCOUNT"));
    String table = pages.byId("allClusters:clusters").getText();
    assertTrue(table.contains("legacy") && table.contains("Vandelay Industries") && table.contains("222222222222"),
        table);
    assertEquals("vandelay", driver.findElement(By.id("org")).getAttribute("value"), "the filter stays in its field");
    Browser.screenshot(driver, "admin-clusters");

    pages.byId("org").clear();
    pages.byId("org").sendKeys("Not A Slug");
    pages.byId("account").sendKeys("123");
    driver.findElement(By.id("applyFilter")).click();
    pages.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(By.id("accountError")));
    assertTrue(pages.byId("orgError").getText().contains("slug"), "both wrong parts are named at once");
    assertEquals("true", driver.findElement(By.id("account")).getAttribute("aria-invalid"));
    assertTrue(driver.findElements(By.id("allClusters:clusters")).isEmpty(), "no list for a wrong filter");
    Accessibility.assertNoSeriousViolations(driver);

    driver.get(pages.url("admin/clusters/default-account?bound=true"));
    String perOrg = pages.byId("defaultAccountForm:orgs").getText();
    assertTrue(perOrg.contains("Vandelay Industries") && perOrg.contains("141414141414"), perOrg);
    Accessibility.assertNoSeriousViolations(driver);
    Browser.screenshot(driver, "admin-default-account");
    driver.findElement(By.cssSelector("a.default-count[href*='org=vandelay']")).click();
    pages.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("org=vandelay"));
    assertTrue(pages.byId("allClusters:clusters").getText().contains("legacy"));

    driver.get(pages.url("admin/orgs"));
    String inventory = pages.byId("inventory:orgs").getText();
    assertTrue(inventory.contains("AWS 141414141414"), "the inventory names the cloud of each own account: "
        + inventory);
    Browser.assertNoSevereConsoleErrors(driver);
  }

  @Test
  void anAdministratorRegistersRotatesAndRemovesTheWebhook(WebDriver driver) {
    PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
    pages.signInAs("gus", "orgs/hooli");
    pages.byId("webhooksLink").click();
    pages.byId("webhookForm:url").sendKeys("http://hooks.example.com/roleport");
    pages.byId("webhookForm:registerButton").click();
    pages.ajaxSettled();
    assertTrue(pages.byId("webhookForm").getText().contains("does not start with https://"),
        pages.byId("webhookForm").getText());
    assertTrue(driver.findElements(By.id("webhookSecret")).isEmpty(), "nothing registered");
    Accessibility.assertNoSeriousViolations(driver);

    pages.byId("webhookForm:url").clear();
    pages.byId("webhookForm:url").sendKeys("https://127.0.0.1:9/roleport");
    pages.byId("webhookForm:registerButton").click();
    pages.ajaxSettled();
    String secret = pages.byId("webhookSecret").getText();
    assertTrue(secret.startsWith("whsec_"), secret);
    String fingerprint = pages.byId("webhookFingerprint").getText();
    assertTrue(fingerprint.matches("[0-9a-f]{12}"), fingerprint);
    Browser.screenshot(driver, "webhook");
    Accessibility.assertNoSeriousViolations(driver);

    driver.get(pages.url("orgs/hooli/webhooks"));
    pages.byId("webhookFingerprint");
    assertFalse(driver.getPageSource().contains(secret), "the secret is shown once, never again");

    pages.byId("webhookForm:rotate").click();
    pages.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".ui-confirm-dialog")));
    pages.waitUpTo(Duration.ofSeconds(5)).until(d -> "webhookForm:confirmNo".equals(
        d.switchTo().activeElement().getAttribute("id")));
    pages.byId("webhookForm:confirmYes").click();
    pages.ajaxSettled();
    String rotated = pages.byId("webhookSecret").getText();
    assertTrue(rotated.startsWith("whsec_") && !rotated.equals(secret));
    assertFalse(fingerprint.equals(pages.byId("webhookFingerprint").getText()), "a new fingerprint");

    pages.byId("webhookForm:remove").click();
    pages.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".ui-confirm-dialog")));
    pages.byId("webhookForm:confirmYes").click();
    pages.ajaxSettled();
    pages.byId("webhookForm:url");
    assertTrue(driver.findElements(By.id("webhookFingerprint")).isEmpty(), "removed");
    Browser.assertNoSevereConsoleErrors(driver);
  }
}
