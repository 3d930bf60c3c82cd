package io.roleport.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Day-2 operations in a real browser (issue #15): a team lead creates a cluster, tries sizes that break the rules (all
 * named at once, nothing changes), scales the node group from the cluster's page and watches the live progress until
 * the cluster is active again with its new size, opens the upgrade confirmation (focus on Cancel) and cancels it; then
 * adds a node group (broken rules named at once first), sees it become active live, and removes it after the
 * confirmation.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient // a browser outside Payara (the suite's one deployment runs the others inside)
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

    // node groups: every broken rule named at once, then a group added (live until active), then removed after the
    // confirmation (focus on Cancel, the group's name typed)
    assertTrue(pages.byId("cluster:nodeGroupTable").getText().contains("default"));
    type(pages, "cluster:newGroupName", "Bad name");
    type(pages, "cluster:newGroupMax", "30");
    pages.byId("cluster:addNodeGroup").click();
    pages.ajaxSettled();
    String groupRefused = cluster.messages();
    assertTrue(groupRefused.contains("is not a valid EKS node group name"), groupRefused);
    assertTrue(groupRefused.contains("maximum (30) must be between 1 and 20"), groupRefused);
    assertEquals("Active", cluster.status(), "a refused node group changes nothing");
    cluster.dismissMessages();
    type(pages, "cluster:newGroupName", "batch");
    type(pages, "cluster:newGroupMax", "2");
    pages.byId("cluster:addNodeGroup").click();
    pages.ajaxSettled();
    pages.waitForText("status", "Updating", Duration.ofSeconds(10));
    assertTrue(groupStatus(driver, "batch").equals("Creating") || groupStatus(driver, "batch").equals("Active"));
    Browser.screenshot(driver, "cluster-node-group-added");
    cluster.waitForStatus("Active", Duration.ofSeconds(90)); // live: the page is never reloaded
    pages.waitUpTo(Duration.ofSeconds(10)).until(d -> "Active".equals(groupStatus(driver, "batch")));

    pages.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(
        By.cssSelector(".node-group-batch .remove-node-group"))).click();
    WebElement removal = pages.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
        By.id("cluster:confirmRemove")));
    assertTrue(removal.getText().contains("Node group batch of cluster web will be removed"), removal.getText());
    pages.waitUpTo(Duration.ofSeconds(5)).until(d -> "cluster:removeNo".equals(
        d.switchTo().activeElement().getAttribute("id")));
    pages.byId("cluster:removeConfirmName").sendKeys("batch");
    pages.byId("cluster:removeYes").click();
    pages.ajaxSettled();
    pages.waitForText("status", "Updating", Duration.ofSeconds(10));
    cluster.waitForStatus("Active", Duration.ofSeconds(90));
    pages.waitUpTo(Duration.ofSeconds(10)).until(d -> driver.findElements(By.cssSelector(".node-group-batch")).isEmpty());
    assertTrue(cluster.messages().contains("is done"), cluster.messages());
    Accessibility.assertNoSeriousViolations(driver);
    Browser.assertNoSevereConsoleErrors(driver);
  }

  /** The status shown for node group {@code name} in the cluster's table ("" while it is not listed). */
  private static String groupStatus(WebDriver driver, String name) {
    var cells = driver.findElements(By.cssSelector(".node-group-" + name + " .node-group-status"));
    try {
      return cells.isEmpty() ? "" : cells.get(0).getText();
    } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
      return "";
    }
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
