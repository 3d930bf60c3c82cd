package io.roleport.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.testenv.Browser;
import io.roleport.testenv.Deployments;
import java.net.URL;
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

/**
 * Issue #12, the existing-VPC option of the create-cluster form in a real browser, for an organization bound to its
 * own AWS account (gus, globex): what is typed is checked on the server with every problem beside its field at once and kept as typed; ids of the
 * right shape are then looked up in the organization's account, and a VPC that is not there is refused by name
 * while nothing is created.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient // a browser outside Payara (the suite's one deployment runs the others inside)
class ClusterNetworkIT {

  @ArquillianResource URL deployment;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @Test
  void theExistingVpcIsCheckedAllAtOnceThenInTheOrganizationsAccount(WebDriver driver) {
    PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
    pages.signInAs("gus", "orgs");
    PortalPages.NewCluster form = pages.new NewCluster().open("globex").name("Not A Name!");
    assertTrue(pages.byId("newCluster:networkHint").getText().contains("Roleport creates a VPC"),
        pages.byId("newCluster:networkHint").getText());

    pages.byId("newCluster:useExistingVpc").click();
    type(pages, "newCluster:vpcId", "vpc-xyz");
    type(pages, "newCluster:subnetIds", "subnet-1");
    form.submit();

    assertFalse(form.nameError().isBlank(), "the name is refused too");
    assertTrue(error(pages, "newCluster:vpcId").contains("vpc-xyz is not a VPC id"), error(pages, "newCluster:vpcId"));
    assertTrue(error(pages, "newCluster:subnetIds").contains("Not subnet ids: subnet-1"),
        error(pages, "newCluster:subnetIds"));
    assertEquals("vpc-xyz", pages.byId("newCluster:vpcId").getAttribute("value"), "kept as typed");
    assertTrue(pages.byId("newCluster:useExistingVpc").isSelected());

    form.name("byo-check");
    type(pages, "newCluster:vpcId", "vpc-0000000000000000a");
    type(pages, "newCluster:subnetIds", "subnet-0000000000000000a, subnet-0000000000000000b");
    form.submit();

    String refused = error(pages, "newCluster:vpcId");
    assertTrue(refused.contains("Roleport cannot use this network: VPC vpc-0000000000000000a does not exist in account"
        + " 333333333333"), refused);
    assertTrue(driver.getCurrentUrl().endsWith("/orgs/globex/clusters/new"), "nothing was created: "
        + driver.getCurrentUrl());
    driver.get(pages.url("orgs/globex/clusters"));
    assertFalse(driver.getPageSource().contains("byo-check"), "no cluster byo-check was stored");
    Browser.assertNoSevereConsoleErrors(driver);
  }

  private static void type(PortalPages pages, String id, String text) {
    WebElement field = pages.byId(id);
    field.clear();
    field.sendKeys(text);
  }

  private static String error(PortalPages pages, String id) {
    return pages.byId(id).findElement(By.xpath("../*[contains(@class,'ui-message')]")).getText();
  }
}
