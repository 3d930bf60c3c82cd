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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue #15 in a real browser: a team lead renames an organization, asks for it to become an ISV, an operator approves
 * on {@code /admin/isv-requests}, the lead sets the ISV's rule for third parties, moves another organization to a new
 * one and archives the ISV (a dialog that focuses Cancel); the access page shows each person the links of their role.
 * Every page is checked for broken texts (PageChecks), axe-core and console errors. Organizations are {@code ux-lc-*}.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient // a browser outside Payara (the suite's one deployment runs the others inside)
class OrgPagesIT {
  @ArquillianResource URL deployment;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @Test
  void aLeadRenamesAsksForAnIsvMovesAndArchivesAndAnOperatorApproves(WebDriver driver) {
    PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
    pages.signInWithGroups("ux-lead", "ux-lc-leads", "orgs");
    createOrganization(pages, "UX Team", "ux-lc-team");

    // rename: refused (kept as typed, said beside the field), then done
    type(pages, "rename:newName", "x".repeat(101));
    pages.byId("rename:renameButton").click();
    pages.ajaxSettled();
    assertTrue(pages.byId("rename").getText().contains("Enter a name of 1 to 100 characters"),
        pages.byId("rename").getText());
    type(pages, "rename:newName", "UX Renamed");
    pages.byId("rename:renameButton").click();
    waitForMessage(pages, "The organization is now called UX Renamed");
    assertEquals("UX Renamed", driver.findElement(By.tagName("h1")).getText());

    // the ISV request: the reason is checked, then the request is pending
    type(pages, "isvRequestForm:reason", "short");
    pages.byId("isvRequestForm:sendRequest").click();
    pages.ajaxSettled();
    assertTrue(pages.byId("isvRequestForm").getText().contains("Enter a reason of 10 to 500 characters"));
    type(pages, "isvRequestForm:reason", "Two partners need clusters in their own AWS accounts.");
    pages.byId("isvRequestForm:sendRequest").click();
    pages.waitForText("isvPending", "Request pending, sent by", Duration.ofSeconds(15));
    Accessibility.assertNoSeriousViolations(driver);

    // an operator approves it (a confirmation first)
    pages.signInAs("olga", "admin/isv-requests");
    pages.byId("isvRequestsLink");
    String list = pages.byId("requests:table").getText();
    assertTrue(list.contains("ux-lc-team") && list.contains("Two partners need clusters"), list);
    Accessibility.assertNoSeriousViolations(driver);
    driver.findElement(By.xpath("//tr[.//code[text()='ux-lc-team']]//button[.//span[text()='Approve']]")).click();
    pages.waitUpTo(Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ui-confirm-dialog")));
    pages.byId("requests:confirmYes").click();
    pages.ajaxSettled();
    assertFalse(pages.byId("requests:table").getText().contains("ux-lc-team"), "decided: off the list");

    // the ISV's rule for its third parties
    pages.signInWithGroups("ux-lead", "ux-lc-leads", "orgs/ux-lc-team");
    assertTrue(pages.byId("thirdParties").isDisplayed(), "an ISV onboards third parties now");
    pages.byId("bindingRule:mustBind").click();
    pages.byId("bindingRule:saveRule").click();
    waitForMessage(pages, "Third parties now bind their own account before their first cluster");
    assertTrue(pages.byId("bindingRule:mustBind").isSelected());

    // move: a new organization with the same mappings; the admin is sent to bind its account
    createOrganization(pages, "UX Old", "ux-lc-old");
    type(pages, "move:moveName", "");
    type(pages, "move:moveSlug", "Not A Slug");
    pages.byId("move:moveButton").click();
    pages.ajaxSettled();
    String moveErrors = pages.byId("move").getText();
    assertTrue(moveErrors.contains("Enter a name of 1 to 100 characters") && moveErrors.contains("URL name"),
        "all errors at once: " + moveErrors);
    type(pages, "move:moveName", "UX New");
    type(pages, "move:moveSlug", "ux-lc-new");
    pages.byId("move:moveButton").click();
    pages.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/orgs/ux-lc-new/onboarding/aws"));
    pages.new Organization().open("ux-lc-new");
    assertTrue(pages.byId("movedFrom").getText().contains("No live cluster left in the old organization"),
        pages.byId("movedFrom").getText());
    pages.new Organization().open("ux-lc-old");
    assertTrue(pages.byId("movedTo").getText().contains("ux-lc-new"));

    // archive the ISV: the dialog focuses Cancel and wants the URL name
    pages.new Organization().open("ux-lc-team");
    pages.byId("lifecycle:archive").click();
    pages.waitUpTo(Duration.ofSeconds(10)).until(d -> "lifecycle:confirmNo".equals(
        d.switchTo().activeElement().getAttribute("id")));
    driver.switchTo().activeElement().sendKeys(Keys.ENTER); // Cancel with the keyboard: nothing happens
    pages.ajaxSettled();
    assertTrue(driver.findElements(By.id("archivedNotice")).isEmpty());
    pages.byId("lifecycle:archive").click();
    pages.waitUpTo(Duration.ofSeconds(10)).until(d -> "lifecycle:confirmNo".equals(
        d.switchTo().activeElement().getAttribute("id")));
    pages.byId("lifecycle:archiveConfirm").sendKeys("ux-lc-team");
    pages.byId("lifecycle:confirmYes").click();
    pages.waitForText("archivedNotice", "This organization is archived", Duration.ofSeconds(20));
    assertTrue(driver.findElements(By.id("rename")).isEmpty(), "read-only: no rename form");
    assertTrue(driver.findElements(By.id("bindingRule")).isEmpty(), "read-only: no settings");
    Accessibility.assertNoSeriousViolations(driver);

    // out of the list, back with the filter
    pages.new Organizations().open();
    assertFalse(pages.new Organizations().tableText().contains("ux-lc-team"));
    pages.byId("orgsForm:showArchived").click();
    pages.waitForText("orgsForm:orgs", "ux-lc-team", Duration.ofSeconds(15));
    assertTrue(pages.byId("orgsForm:orgs").getText().contains("Archived"));
  }

  /**
   * Issue #13: the switcher's organizations are not part of a page view; the list is read when the switcher is opened,
   * with the keyboard as with the mouse (focus on the first organization; Escape closes it and gives the focus back).
   */
  @Test
  void theSwitcherLoadsTheCallersOrganizationsWhenOpened(WebDriver driver) {
    PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
    pages.signInAs("ivan", "orgs/isvco");
    WebElement button = pages.byId("switcherForm:orgSwitcher");
    By tailspin = By.cssSelector("[id='switcherForm:orgSwitcherPanel'] a[href$='/orgs/tailspin']");
    assertEquals("false", button.getAttribute("aria-expanded"));
    assertTrue(driver.findElements(tailspin).isEmpty(), "the page itself does not list the organizations");

    button.click();
    pages.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(tailspin));
    assertTrue(driver.findElement(By.cssSelector("[id='switcherForm:orgSwitcherPanel'] a[href$='/orgs/isvco']"))
        .isDisplayed());
    assertTrue(driver.findElement(By.cssSelector("[id='switcherForm:orgSwitcherPanel'] a[href$='/orgs']"))
        .isDisplayed(), "and the link to all of them");
    assertEquals("true", button.getAttribute("aria-expanded"));
    pages.waitUpTo(Duration.ofSeconds(5)).until(d -> d.switchTo().activeElement().getAttribute("href") != null
        && d.findElement(By.id("switcherForm:orgSwitcherPanel")).findElements(By.tagName("a"))
            .contains(d.switchTo().activeElement()));
    Accessibility.assertNoSeriousViolations(driver);

    driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    pages.waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.invisibilityOfElementLocated(tailspin));
    assertEquals("false", button.getAttribute("aria-expanded"));
    assertEquals("switcherForm:orgSwitcher", driver.switchTo().activeElement().getAttribute("id"));

    button.sendKeys(Keys.ENTER); // open again with the keyboard, and go
    pages.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(tailspin)).click();
    pages.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.urlMatches(".*/orgs/tailspin$"));
  }

  /**
   * Issue #13: the cluster list's pages are links (an address each) that the keyboard reaches; the back button returns
   * to the page before; axe-core finds nothing serious in the pager.
   */
  @Test
  void theClusterListPagesWithLinksTheKeyboardAndTheBackButtonUse(WebDriver driver) throws Exception {
    try (java.sql.Connection db = io.roleport.testenv.TestEnvironment.get().database().connect()) {
      io.roleport.testenv.BulkSeed.organizations(db, "ux-pg-", 1, 1, "ux-pg-leads", 45, "222222222222");
    }
    PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
    pages.signInWithGroups("ux-pg-lead", "ux-pg-leads", "orgs/ux-pg-00001/clusters");
    assertTrue(pages.byId("clustersForm:clusters").getText().contains("Clusters 1 to 20 of 45"));
    WebElement current = driver.findElement(By.cssSelector("[id='clustersForm:pages'] a[aria-current='page']"));
    assertEquals("1", current.getText());
    Accessibility.assertNoSeriousViolations(driver);

    WebElement next = driver.findElement(By.cssSelector("[id='clustersForm:pages'] a[aria-label='Next page']"));
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].focus();", current);
    for (int tabs = 0; !next.equals(driver.switchTo().activeElement()) && tabs < 15; tabs++) {
      driver.switchTo().activeElement().sendKeys(Keys.TAB); // the page links, then next: each reached by Tab
    }
    assertEquals(next, driver.switchTo().activeElement(), "Tab reaches the next page's link");
    next.sendKeys(Keys.ENTER);
    pages.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.urlMatches(".*/clusters\\?page=2$"));
    pages.waitForText("clustersForm:clusters", "Clusters 21 to 40 of 45", Duration.ofSeconds(15));
    assertEquals("2", driver.findElement(By.cssSelector("[id='clustersForm:pages'] a[aria-current='page']")).getText());

    driver.navigate().back();
    pages.waitForText("clustersForm:clusters", "Clusters 1 to 20 of 45", Duration.ofSeconds(15));
  }

  @Test
  void theAccessPageShowsEachPersonTheRolesOfTheirRoleAndAnAdministratorChoosesThem(WebDriver driver) {
    PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
    pages.signInAs("gus", "orgs/globex");
    pages.byId("accessLink").click();
    pages.byId("aws");
    WebElement readOnly = driver.findElement(By.cssSelector("a.switch-role"));
    assertEquals("https://signin.aws.amazon.com/switchrole?account=333333333333&roleName=teams%2FGlobexReadOnly"
        + "&displayName=globex%20GlobexReadOnly", readOnly.getAttribute("href"));
    String page = pages.byId("aws").getText();
    assertTrue(page.contains("This role needs the ExternalId, which the console cannot send"), page);
    assertTrue(page.contains("external_id = rp-9f1c2e7a4b3d5f60718293a4b5c6d7e8"), "the administrator's role: " + page);
    assertEquals(1, driver.findElements(By.cssSelector("a.switch-role")).size(), "no console link for BreakGlass");
    assertEquals("Copied", pages.copy("cliProfile0"));

    // an administrator adds a role: refused with the reason, then added
    type(pages, "addRole:roleArn", "arn:aws:iam::444444444444:role/Elsewhere");
    pages.byId("addRole:add").click();
    pages.ajaxSettled();
    assertTrue(pages.byId("addRole").getText().contains("this organization is bound to account 333333333333"),
        pages.byId("addRole").getText());
    assertEquals("arn:aws:iam::444444444444:role/Elsewhere", pages.byId("addRole:roleArn").getAttribute("value"),
        "kept as typed");
    type(pages, "addRole:roleArn", "arn:aws:iam::333333333333:role/GlobexDeveloper");
    new Select(pages.byId("addRole:forRole")).selectByVisibleText("Member");
    pages.byId("addRole:add").click();
    pages.ajaxSettled();
    assertTrue(pages.byId("roles:table").getText().contains("GlobexDeveloper"));
    assertEquals(2, driver.findElements(By.cssSelector("a.switch-role")).size(), "an administrator uses member roles");
    Accessibility.assertNoSeriousViolations(driver);
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0);");
    Browser.screenshot(driver, "account-access");
    driver.findElement(By.xpath("//tr[.//code[contains(text(),'GlobexDeveloper')]]//button")).click();
    pages.waitUpTo(Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ui-confirm-dialog")));
    pages.byId("roles:confirmYes").click();
    pages.ajaxSettled();
    assertFalse(pages.byId("roles:table").getText().contains("GlobexDeveloper"));

    // an unbound organization says what the default account means (a new one: the other browser tests bind acme);
    // an operator has no mapping, so no role
    pages.signInWithGroups("ux-access", "ux-ac-leads", "orgs");
    createOrganization(pages, "UX Unbound", "ux-ac-unbound");
    driver.get(pages.url("orgs/ux-ac-unbound/access"));
    assertTrue(pages.byId("unboundText").getText().contains("no cloud account of its own yet"));
    Accessibility.assertNoSeriousViolations(driver);
    pages.signInAs("olga", "orgs/globex/access");
    assertTrue(pages.byId("noMapping").isDisplayed());
    assertFalse(driver.getPageSource().contains("rp-9f1c2e7a4b3d5f60718293a4b5c6d7e8"), "no ExternalId for operators");
  }

  private static void createOrganization(PortalPages pages, String name, String slug) {
    pages.new Organizations().open();
    type(pages, "createOrg:name", name);
    type(pages, "createOrg:slug", slug);
    pages.byId("createOrg:create").click();
    pages.byId("bindingTitle");
  }

  /**
   * A message of an action: shown in the page's growl after the redirect. Read inside the page (one script), not through
   * an element handle: the redirect replaces the body, and ChromeDriver answered a handle read across it with "Node with
   * given id does not belong to the document" (not a stale-element error, so no wait ignored it).
   */
  private static void waitForMessage(PortalPages pages, String text) {
    pages.waitUpTo(Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
        .executeScript("return !!document.body && document.body.innerText.includes(arguments[0]);", text)));
  }

  private static void type(PortalPages pages, String id, String text) {
    WebElement field = pages.byId(id);
    field.clear();
    field.sendKeys(text);
  }
}
