package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrganizationTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final ExternalId EXTERNAL_ID = new ExternalId("rp-9f1c2e7a4b3d5f60718293a4b5c6d7e8");
  private static final RoleArn AUTOMATION = new RoleArn("arn:aws:iam::333333333333:role/RoleportAutomation");
  private static final RoleArn SUPPORT = new RoleArn("arn:aws:iam::333333333333:role/RoleportSupport");

  private Organization team() {
    return new Organization(new Slug("globex"), "Globex", OrgKind.TEAM, null, EXTERNAL_ID, NOW);
  }

  @Test
  void bindingTakesTheAccountOfTheRolesAndTheOrganizationsExternalId() {
    Organization org = team();

    AwsBinding binding = org.bindAws(AUTOMATION, SUPPORT, "gus", NOW);

    assertEquals(new AwsAccountId("333333333333"), binding.accountId());
    assertEquals(EXTERNAL_ID, binding.externalId());
    assertSame(binding, org.awsBinding().orElseThrow());
  }

  @Test
  void secondBindingIsRefusedAndChangesNothing() {
    Organization org = team();
    AwsBinding first = org.bindAws(AUTOMATION, SUPPORT, "gus", NOW);
    RoleArn other = new RoleArn("arn:aws:iam::444444444444:role/RoleportAutomation");

    DomainException e = assertThrows(DomainException.class,
        () -> org.bindAws(other, new RoleArn("arn:aws:iam::444444444444:role/RoleportSupport"), "gus", NOW));

    assertEquals("binding.alreadySet", e.key());
    assertSame(first, org.awsBinding().orElseThrow());
    assertEquals(AUTOMATION, org.awsBinding().orElseThrow().automationRole());
  }

  @Test
  void rolesInTwoAccountsAreRefused() {
    Organization org = team();

    DomainException e = assertThrows(DomainException.class,
        () -> org.bindAws(AUTOMATION, new RoleArn("arn:aws:iam::444444444444:role/RoleportSupport"), "gus", NOW));

    assertEquals("binding.accountsDiffer", e.key());
    assertTrue(org.awsBinding().isEmpty());
  }

  @Test
  void aThirdPartyNeedsAnIsvParent() {
    Organization team = team();

    assertEquals("org.parent.invalid", assertThrows(DomainException.class, () -> new Organization(new Slug("tailspin"),
        "Tailspin", OrgKind.THIRD_PARTY, null, EXTERNAL_ID, NOW)).key());
    assertEquals("org.parent.notIsv", assertThrows(DomainException.class, () -> new Organization(new Slug("tailspin"),
        "Tailspin", OrgKind.THIRD_PARTY, team, EXTERNAL_ID, NOW)).key());
  }

  private static final AzureTenantId TENANT = new AzureTenantId("bbbbbbbb-0000-0000-0000-000000000001");
  private static final AzureSubscriptionId SUBSCRIPTION = new AzureSubscriptionId("bbbbbbbb-0000-0000-0000-000000000501");
  private static final AzureClientId CLIENT = new AzureClientId("bbbbbbbb-0000-0000-0000-000000000a01");

  @Test
  void anOrganizationHasAtMostOneCloudBindingWhateverTheProvider() {
    Organization azure = team();
    azure.bindAzure(TENANT, SUBSCRIPTION, CLIENT, AzureAuthMode.SECRET, "gus", NOW);
    Organization aws = new Organization(new Slug("aws-first"), "A", OrgKind.TEAM, null, EXTERNAL_ID, NOW);
    aws.bindAws(AUTOMATION, SUPPORT, "gus", NOW);

    assertEquals("binding.alreadySet", assertThrows(DomainException.class,
        () -> azure.bindAws(AUTOMATION, SUPPORT, "gus", NOW)).key());
    assertEquals("binding.alreadySet", assertThrows(DomainException.class,
        () -> azure.bindAzure(TENANT, SUBSCRIPTION, CLIENT, AzureAuthMode.SECRET, "gus", NOW)).key());
    assertEquals("binding.alreadySet", assertThrows(DomainException.class,
        () -> aws.bindAzure(TENANT, SUBSCRIPTION, CLIENT, AzureAuthMode.SECRET, "gus", NOW)).key());
    assertTrue(aws.azureBinding().isEmpty());
    assertEquals(CLIENT, azure.azureBinding().orElseThrow().clientId());
  }

  @Test
  void rotatingAnAzureSecretAppendsAVersionAndKeepsTheOldOnes() {
    AzureBinding binding = team().bindAzure(TENANT, SUBSCRIPTION, CLIENT, AzureAuthMode.SECRET, "gus", NOW);
    binding.rotateSecret("k1", "c1", "0123456789ab", null, NOW);

    AzureSecretVersion second = binding.rotateSecret("k1", "c2", "ba9876543210", null, NOW.plusSeconds(60));

    assertEquals(2, second.versionNo());
    assertEquals(2, binding.secretVersions().size());
    assertSame(second, binding.currentSecret().orElseThrow());
  }

  @Test
  void azureIdsMustBeGuids() {
    assertEquals("azure.tenantId.invalid",
        assertThrows(DomainException.class, () -> new AzureTenantId("initech.onmicrosoft.com")).key());
    assertEquals("bbbbbbbb-0000-0000-0000-000000000a01", new AzureClientId(" BBBBBBBB-0000-0000-0000-000000000A01 ").value());
  }
}
