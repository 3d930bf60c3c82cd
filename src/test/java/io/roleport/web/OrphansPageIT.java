package io.roleport.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.testenv.Browser;
import io.roleport.testenv.Deployments;
import io.roleport.testenv.TestEnvironment;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Issue #15 in a real browser: an operator runs the orphan check on {@code /admin/orphans}, follows its progress until
 * it ends, finds a VPC left in the default account with Roleport's tags and no cluster, and deletes it behind a
 * confirmation that names it and says it cannot be undone; the VPC is then gone from the simulator. The page passes
 * the accessibility rules and has no console error.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient // a browser outside Payara (the suite's one deployment runs the others inside)
class OrphansPageIT {
  private static final String KEY = "rp-cluster-919191919191";
  private static final String ORG = "zz-orphweb";

  @ArquillianResource URL deployment;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @Test
  void anOperatorRunsTheCheckSeesItEndFindsAnOrphanVpcAndDeletesItAfterConfirming(WebDriver driver) throws Exception {
    try (StsClient sts = sts(); Ec2Client ec2 = defaultAccountEc2(sts)) {
      String vpc = ec2.createVpc(r -> r.cidrBlock("10.91.0.0/16").tagSpecifications(TagSpecification.builder()
          .resourceType(ResourceType.VPC).tags(tag("roleport:cluster", KEY), tag("roleport:org", ORG),
              tag("roleport:org-id", "919191919191"), tag("roleport:requested-by", "it-orphans-web")).build()))
          .vpc().vpcId();

      PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
      pages.signInAs("olga", "admin/orphans");
      pages.byId("orphans:run");
      Accessibility.assertNoSeriousViolations(driver);
      pages.byId("orphans:run").click();
      pages.ajaxSettled();
      pages.waitUpTo(Duration.ofSeconds(180)).until(ExpectedConditions.textToBe(By.id("scanStatus"), "Finished"));
      assertTrue(pages.byId("scanFacts").getText().contains("olga") || pages.byId("scanFacts").getText().contains("of"),
          pages.byId("scanFacts").getText());

      WebElement row = rowOf(driver, vpc);
      assertTrue(row.getText().contains("Resource without a cluster") && row.getText().contains("222222222222")
          && row.getText().contains(KEY) && row.getText().contains(ORG), row.getText());
      Accessibility.assertNoSeriousViolations(driver);
      Browser.screenshot(driver, "admin-orphans");

      row.findElement(By.cssSelector("button.delete-orphan")).click();
      WebElement dialog = pages.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
          By.cssSelector(".ui-confirm-dialog")));
      assertTrue(dialog.getText().contains(vpc) && dialog.getText().contains("cannot be undone")
          && dialog.getText().contains("222222222222"), dialog.getText());
      pages.byId("orphans:confirmYes").click();
      pages.ajaxSettled();
      pages.waitUpTo(Duration.ofSeconds(90)).ignoring(StaleElementReferenceException.class) // the live refresh redraws it
          .until(d -> rowOf(d, vpc).getText().contains("Deleted"));
      assertEquals(List.of(), ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:roleport:cluster")
          .values(KEY).build())).vpcs(), "the VPC is gone from the cloud");
      Browser.assertNoSevereConsoleErrors(driver);
    }
  }

  @Test
  void theCheckIsForPlatformOperatorsOnly(WebDriver driver) {
    PortalPages pages = new PortalPages(driver, Deployments.local(deployment, ""));
    pages.signInAs("sam", "admin/orgs");
    pages.byId("inventoryLink");
    assertTrue(driver.findElements(By.id("orphansLink")).isEmpty(), "support staff get no link to the check");
    driver.get(pages.url("admin/orphans"));
    pages.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.titleContains("Not found"));
    assertTrue(driver.findElements(By.id("orphans:run")).isEmpty(), "nor the page: 404");
  }

  private static WebElement rowOf(WebDriver driver, String vpc) {
    return driver.findElement(By.xpath("//tr[.//code[contains(@class,'finding-resource') and text()='" + vpc + "']]"));
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static StsClient sts() {
    var env = TestEnvironment.get();
    return StsClient.builder().endpointOverride(URI.create(env.setting("roleport.aws.endpoint")))
        .region(Region.of(env.setting("roleport.aws.region")))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            env.setting("roleport.aws.access-key-id"), env.setting("roleport.aws.secret-access-key"))))
        .build();
  }

  /** EC2 in the default account, as a session tagged for the orphan's organization (the default role's ABAC). */
  private static Ec2Client defaultAccountEc2(StsClient sts) {
    var env = TestEnvironment.get();
    var credentials = StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(r -> r
        .roleArn(env.setting("roleport.aws.default-role-arn")).roleSessionName("it-orphans-web")
        .externalId(env.setting("roleport.aws.default-external-id")).sourceIdentity("it-orphans-web")
        .tags(software.amazon.awssdk.services.sts.model.Tag.builder().key("roleport-org").value(ORG).build(),
            software.amazon.awssdk.services.sts.model.Tag.builder().key("roleport-user").value("it-orphans-web")
                .build()))
        .build();
    return Ec2Client.builder().endpointOverride(URI.create(env.setting("roleport.aws.endpoint")))
        .region(Region.of(env.setting("roleport.aws.region"))).credentialsProvider(credentials).build();
  }
}
