package io.roleport.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.testenv.Browser;
import io.roleport.testenv.Deployments;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Day-2 operations in a real browser (issue #15): a team lead creates a cluster, tries sizes that break the rules (all
 * named at once, nothing changes), scales the node group from the cluster's page and watches the live progress until
 * the cluster is active again with its new size, opens the upgrade confirmation (focus on Cancel) and cancels it.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
class Day2PortalIT {

  @ArquillianResource URL deployment;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @Test
  void aTeamLeadScalesAClusterFromItsPageAndWatchesTheProgress(WebDriver driver) {
    PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
    pages.signInAs("alice", "orgs");
    new AzurePortalIT.AzurePages(driver, pages).createOrganization("Day two", "zz-day2", "acme-leads");
    pages.new NewCluster().open("zz-day2").name("web").submit();
    var cluster = pages.new ClusterDetail().waitForStatus("Active", Duration.ofSeconds(90));
    assertEquals("2 / 2 / 2", pages.byId("scaling").getText());

    sizes(pages, "3", "2", "30");
    pages.byId("cluster:scale").click();
    pages.ajaxSettled();
    String refused = cluster.messages();
    assertTrue(refused.contains("maximum (30) must be between 1 and 20"), refused);
    assertTrue(refused.contains("minimum <= desired <= maximum"), "every rule broken is named at once: " + refused);
    assertEquals("Active", cluster.status(), "a refused scaling changes nothing");
    cluster.dismissMessages();

    sizes(pages, "1", "3", "4");
    pages.byId("cluster:scale").click();
    pages.ajaxSettled();
    pages.waitForText("status", "Updating", Duration.ofSeconds(10));
    pages.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("[id$='progressBar']")));
    assertTrue(cluster.steps().contains("Node group scaling requested"), cluster.steps());
    Browser.screenshot(driver, "cluster-scaling");
    cluster.waitForStatus("Active", Duration.ofSeconds(90)); // live: the page is never reloaded
    pages.waitForText("scaling", "1 / 3 / 4", Duration.ofSeconds(10));
    assertTrue(cluster.messages().contains("is done"), cluster.messages());
    assertTrue(pages.byId("nodeGroup").getText().startsWith("3 ×"), pages.byId("nodeGroup").getText());

    pages.byId("cluster:upgrade").click();
    WebElement dialog = pages.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
        By.id("cluster:confirmUpgrade")));
    assertTrue(dialog.getText().contains("cannot be undone"), dialog.getText());
    pages.waitUpTo(Duration.ofSeconds(5)).until(d -> "cluster:upgradeNo".equals(
        d.switchTo().activeElement().getAttribute("id")));
    pages.byId("cluster:upgradeNo").click();
    pages.ajaxSettled();
    assertEquals("Active", cluster.status(), "cancelled: nothing happens");
    Accessibility.assertNoSeriousViolations(driver);
    Browser.assertNoSevereConsoleErrors(driver);
  }

  private static void sizes(PortalPages pages, String min, String desired, String max) {
    type(pages, "cluster:scaleMin", min);
    type(pages, "cluster:scaleDesired", desired);
    type(pages, "cluster:scaleMax", max);
  }

  private static void type(PortalPages pages, String id, String value) {
    WebElement field = pages.byId(id);
    field.clear();
    field.sendKeys(value);
  }
}
