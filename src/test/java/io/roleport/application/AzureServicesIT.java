package io.roleport.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.clusters.AzureClusterCloud;
import io.roleport.application.clusters.AzureTarget;
import io.roleport.application.AzureCredentials;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.OperationStepper;
import io.roleport.application.clusters.WorkerSwitch;
import io.roleport.application.onboarding.AwsOnboardingService;
import io.roleport.application.onboarding.AzureInstructions;
import io.roleport.application.onboarding.AzureOnboardingService;
import io.roleport.application.onboarding.ValidationReport;
import io.roleport.domain.AzureAuthMode;
import io.roleport.domain.CloudKind;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.DomainException;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.PlacementKind;
import io.roleport.domain.Slug;
import io.roleport.testenv.Deployments;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.UserTransaction;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Azure rules of binding, secret rotation and provisioning, inside the deployed application (Payara
 * Micro, MariaDB, the Azure SDK talking to the Azure simulator; identities from
 * {@code config/simulator-seed-azure.json}). Each test works in an organization of its own.
 */
@ExtendWith(ArquillianExtension.class)
class AzureServicesIT {
  static final String TENANT = "bbbbbbbb-0000-0000-0000-000000000001";
  static final String SUBSCRIPTION = "bbbbbbbb-0000-0000-0000-000000000501";
  static final String CLIENT = "bbbbbbbb-0000-0000-0000-000000000a01";
  static final String SECRET = "initech-sp-secret-local-only";
  static final String ROTATED_SECRET = "initech-sp-secret-rotated-local-only";
  static final String NOROLE_CLIENT = "bbbbbbbb-0000-0000-0000-000000000a02";
  static final String NOROLE_SECRET = "initech-norole-secret-local-only";
  static final String READER_CLIENT = "bbbbbbbb-0000-0000-0000-000000000a03";
  /** Entra ID groups of the initech tenant (config/simulator-seed-azure.json). */
  static final String DEVELOPERS_GROUP = "bbbbbbbb-0000-0000-0000-0000000006a2";
  static final String VIEWERS_GROUP = "bbbbbbbb-0000-0000-0000-0000000006a3";
  static final String AKS_WRITER = "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb";
  static final String AKS_READER = "7f6c6a51-bcf8-42ba-9220-52d62157d7db";
  static final String READER_SECRET = "initech-reader-secret-local-only";
  static final String PARTIAL_CLIENT = "bbbbbbbb-0000-0000-0000-000000000a05";
  static final String PARTIAL_SECRET = "initech-partial-secret-local-only";
  static final String CONTOSO_TENANT = "cccccccc-0000-0000-0000-000000000001";
  static final String CONTOSO_CLIENT = "cccccccc-0000-0000-0000-000000000a01";
  static final String CONTOSO_SECRET = "contoso-sp-secret-local-only";
  static final String UNKNOWN_TENANT = "dddddddd-0000-0000-0000-000000000001";
  static final String DEFAULT_SUBSCRIPTION = "aaaaaaaa-0000-0000-0000-000000000501";
  /**
   * The federated demo app: trusts Roleport's workload issuer for the subject of demo organization acme
   * (TestEnvironment); each test registers its own organization's subject, as the customer's admin would.
   */
  static final String FEDERATED_CLIENT = "bbbbbbbb-0000-0000-0000-000000000a04";

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(AzureServicesIT.class);
  }

  @Inject AzureOnboardingService onboarding;
  @Inject AwsOnboardingService awsOnboarding;
  @Inject ClusterService clusters;
  @Inject OrganizationRepository organizations;
  @Inject OperationStepper stepper;
  @Inject WorkerSwitch worker;
  @Inject AzureClusterCloud azure;
  @Inject InstallationProfile installation;
  @Inject UserTransaction tx;
  @Inject io.roleport.application.organizations.MappingService mappingService;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @Test
  void validationNamesEachCauseInPlainWordsAndStoresNothing() throws Exception {
    Caller lead = org("az-validate");

    assertEquals("check.azure.token.wrongSecret",
        failedDetail(onboarding.validate(lead, "az-validate", TENANT, SUBSCRIPTION, CLIENT, "not-the-secret")));
    assertEquals("check.azure.token.unknownTenant",
        failedDetail(onboarding.validate(lead, "az-validate", UNKNOWN_TENANT, SUBSCRIPTION, CLIENT, SECRET)));
    assertEquals("check.azure.token.unknownApp",
        failedDetail(onboarding.validate(lead, "az-validate", CONTOSO_TENANT, SUBSCRIPTION, CLIENT, SECRET)));
    assertEquals("check.azure.role.missing",
        failedDetail(onboarding.validate(lead, "az-validate", TENANT, SUBSCRIPTION, NOROLE_CLIENT, NOROLE_SECRET)));
    assertEquals("check.azure.subscription.wrongTenant", failedDetail(
        onboarding.validate(lead, "az-validate", CONTOSO_TENANT, SUBSCRIPTION, CONTOSO_CLIENT, CONTOSO_SECRET)));
    assertEquals("check.azure.guid.invalid",
        failedDetail(onboarding.validate(lead, "az-validate", "initech", SUBSCRIPTION, CLIENT, SECRET)));
    assertTrue(onboarding.validate(lead, "az-validate", TENANT, SUBSCRIPTION, CLIENT, SECRET).passed());

    // Issue #12: a principal that may read but not create (Reader) no longer passes; a custom role that forgot one
    // action is named with the action. The role the onboarding page creates passes (CLIENT has exactly that one).
    ValidationReport reader = onboarding.validate(lead, "az-validate", TENANT, SUBSCRIPTION, READER_CLIENT, READER_SECRET);
    assertEquals("check.azure.permissions.missing", failedDetail(reader));
    String readerMissing = failedArgs(reader).get(1);
    assertTrue(readerMissing.contains("Microsoft.Resources/subscriptions/resourceGroups/write"), readerMissing);
    ValidationReport partial = onboarding.validate(lead, "az-validate", TENANT, SUBSCRIPTION, PARTIAL_CLIENT,
        PARTIAL_SECRET);
    assertEquals("check.azure.permissions.missing", failedDetail(partial));
    assertEquals("Microsoft.ContainerService/managedClusters/delete", failedArgs(partial).get(1));
    assertEquals(List.of("check.azure.permissions.ok"), onboarding.validate(lead, "az-validate", TENANT, SUBSCRIPTION,
        CLIENT, SECRET).checks().stream().filter(c -> c.nameKey().equals("check.azure.permissions"))
        .map(ValidationReport.Check::detailKey).toList());

    DomainException refused = assertThrows(DomainException.class,
        () -> onboarding.bind(lead, "az-validate", TENANT, SUBSCRIPTION, NOROLE_CLIENT, NOROLE_SECRET, null));

    assertEquals("binding.validationFailed", refused.key());
    assertEquals(List.of("0"), row("select count(*) from azure_binding b join organization o on o.id = b.org_id"
        + " where o.slug = 'az-validate'"));
    assertEquals(List.of("0"), row("select count(*) from azure_secret_version v join organization o"
        + " on o.id = v.org_id where o.slug = 'az-validate'"));
  }

  @Test
  void theBindingIsWriteOnceInServiceAndDatabaseAndTheSecretIsEncryptedAtRest() throws Exception {
    Caller lead = org("az-bind");
    onboarding.bind(lead, "az-bind", TENANT, SUBSCRIPTION, CLIENT, SECRET, null);

    DomainException again = assertThrows(DomainException.class, () -> onboarding.bind(lead, "az-bind",
        CONTOSO_TENANT, "cccccccc-0000-0000-0000-000000000501", CONTOSO_CLIENT, CONTOSO_SECRET, null));
    DomainException aws = assertThrows(DomainException.class, () -> awsOnboarding.bind(lead, "az-bind",
        "arn:aws:iam::777777777777:role/RoleportAutomation", "arn:aws:iam::777777777777:role/RoleportSupport"));

    assertEquals("binding.alreadySet", again.key());
    assertEquals("binding.alreadySet", aws.key());
    String org = "(select id from organization where slug = 'az-bind')";
    assertEquals(List.of(TENANT, SUBSCRIPTION, CLIENT, "SECRET"),
        row("select tenant_id, subscription_id, client_id, mode from azure_binding where org_id = " + org));
    assertEquals(List.of("0"), row("select count(*) from aws_binding where org_id = " + org));
    SQLException update = assertThrows(SQLException.class,
        () -> execute("update azure_binding set client_id = '" + CONTOSO_CLIENT + "' where org_id = " + org));
    assertTrue(update.getMessage().contains("write-once"), update.getMessage());
    assertThrows(SQLException.class, () -> execute("delete from azure_binding where org_id = " + org));
    assertThrows(SQLException.class, () -> execute("delete from azure_secret_version where org_id = " + org));
    assertThrows(SQLException.class, () -> execute("update azure_secret_version set fingerprint = '000000000000'"
        + " where org_id = " + org));
    assertThrows(SQLException.class, () -> execute("update azure_secret_version set ciphertext = 'AAAA'"
        + " where org_id = " + org));
    execute("update azure_secret_version set last_verified_at = last_verified_at where org_id = " + org);

    List<String> stored = row("select key_id, ciphertext, fingerprint from azure_secret_version where org_id = " + org);
    assertEquals("k1", stored.get(0));
    assertFalse(stored.get(1).contains(SECRET));
    assertTrue(stored.get(1).startsWith("v2."), "sealed bound to its organization and version: " + stored.get(1));
    assertFalse(new String(Base64.getDecoder().decode(stored.get(1).substring(3)), StandardCharsets.ISO_8859_1)
        .contains(SECRET));
    assertEquals(AzureOnboardingService.fingerprint(SECRET), stored.get(2));
    assertEquals(List.of("0"), row("select count(*) from audit_event where detail like '%" + SECRET + "%'"));
    assertEquals(List.of("REFUSED"), row("select outcome from audit_event where action = 'binding.set'"
        + " and outcome = 'REFUSED' and org_id = " + org + " limit 1"));
  }

  @Test
  void aRotatedSecretMustBeTheSameClientsAndIsThenUsed() throws Exception {
    Caller lead = org("az-rotate");
    onboarding.bind(lead, "az-rotate", TENANT, SUBSCRIPTION, CLIENT, SECRET, null);
    String org = "(select id from organization where slug = 'az-rotate')";

    DomainException otherClient = assertThrows(DomainException.class,
        () -> onboarding.rotateSecret(lead, "az-rotate", CONTOSO_SECRET, null));
    DomainException norole = assertThrows(DomainException.class,
        () -> onboarding.rotateSecret(lead, "az-rotate", NOROLE_SECRET, null));
    assertEquals("azure.rotation.refused", otherClient.key());
    assertEquals("azure.rotation.refused", norole.key());
    assertEquals(List.of("1"), row("select count(*) from azure_secret_version where org_id = " + org));

    int version = onboarding.rotateSecret(lead, "az-rotate", ROTATED_SECRET, Instant.now().plus(Duration.ofDays(10)))
        .versionNo();

    assertEquals(2, version);
    assertEquals(List.of("2"), row("select count(*) from azure_secret_version where org_id = " + org));
    var view = onboarding.binding(lead, "az-rotate").orElseThrow();
    assertEquals(AzureOnboardingService.fingerprint(ROTATED_SECRET), view.secretVersions().get(1).fingerprint());
    assertTrue(view.secretVersions().get(1).expiresSoon());
    assertEquals(List.of("OK"), row("select outcome from audit_event where action = 'azure.secret.rotated'"
        + " and outcome = 'OK' and org_id = " + org));

    Cluster cluster = clusters.create(lead, "az-rotate", azureSpec("rot-1"));
    assertEquals(CloudKind.AZURE, cluster.cloud());
    assertEquals(PlacementKind.ORG_ACCOUNT, cluster.placementKind());
    assertEquals(SUBSCRIPTION, cluster.placementAccount().value());
    awaitStatus(cluster.id(), "ACTIVE", Duration.ofSeconds(60));
    assertEquals(List.of("1"), row("select count(*) from azure_secret_version where org_id = " + org
        + " and version_no = 2 and last_verified_at > created_at"));
    assertTrue(clusters.kubeconfig(lead, "az-rotate", cluster.id()).contains("server: https://"));

    clusters.delete(lead, "az-rotate", cluster.id());
    awaitStatus(cluster.id(), "DELETED", Duration.ofSeconds(60));
  }

  @Test
  void anAksCreateResumesAfterARestartWithoutASecondCreateAndDeleteLeavesNothing() throws Exception {
    Caller lead = org("az-resume");
    worker.pause();
    Cluster cluster;
    long createsBefore = journalCount("PutManagedCluster", 201);
    try {
      cluster = clusters.create(lead, "az-resume", azureSpec("aks-1"), CloudKind.AZURE);
      assertEquals(PlacementKind.DEFAULT_ACCOUNT, cluster.placementKind());
      assertEquals(DEFAULT_SUBSCRIPTION, cluster.placementAccount().value());
      long operationId = Long.parseLong(row("select id from operation where cluster_id = " + cluster.id()).get(0));
      assertEquals(List.of("AKS_CREATE"), row("select kind from operation where id = " + operationId));

      step(operationId); // resource group
      step(operationId); // PUT managed cluster
      assertEquals(createsBefore + 1, journalCount("PutManagedCluster", 201));
      // The portal dies after the cloud call, before its commit: the step is still open after restart.
      execute("update operation set step_index = 1 where id = " + operationId);
      step(operationId);

      assertEquals(List.of("2"), row("select step_index from operation where id = " + operationId));
      worker.resume();
      awaitStatus(cluster.id(), "ACTIVE", Duration.ofSeconds(60));
      assertEquals(createsBefore + 1, journalCount("PutManagedCluster", 201));
    } finally {
      worker.resume();
    }
    String group = cluster.resourceGroupName();
    assertEquals("rp-" + cluster.id() + "_aks-1", group);
    assertTrue(inventory().stream().anyMatch(id -> id.endsWith("/resourceGroups/" + group)), inventory().toString());

    clusters.delete(lead, "az-resume", cluster.id());
    awaitStatus(cluster.id(), "DELETED", Duration.ofSeconds(90));

    assertEquals(List.of(), inventory().stream().filter(id -> id.contains("/resourceGroups/" + group)).toList());
  }

  @Test
  void aFederatedBindingStoresNoSecretAndItsClustersRunAsTheWorkloadIdentity() throws Exception {
    Caller lead = org("fed-it");
    String org = "(select id from organization where slug = 'fed-it')";

    // The secret app has no federated credential that trusts Roleport's issuer: AADSTS70021, in plain words.
    ValidationReport untrusted = onboarding.validate(lead, "fed-it", AzureAuthMode.FEDERATED, TENANT, SUBSCRIPTION,
        CLIENT, null);
    assertEquals("check.azure.token.noFederatedCredential", failedDetail(untrusted));
    assertTrue(untrusted.checks().stream().anyMatch(c -> c.args().contains("AADSTS70021")), untrusted.toString());
    DomainException refused = assertThrows(DomainException.class, () -> onboarding.bind(lead, "fed-it",
        AzureAuthMode.FEDERATED, TENANT, SUBSCRIPTION, CLIENT, null, null));
    assertEquals("binding.validationFailed", refused.key());
    assertEquals(List.of("0"), row("select count(*) from azure_binding where org_id = " + org));

    AzureInstructions instructions = onboarding.instructions(lead, "fed-it");
    trust(FEDERATED_CLIENT, instructions.federationIssuer(), instructions.federationSubject());
    ValidationReport report = onboarding.validate(lead, "fed-it", AzureAuthMode.FEDERATED, TENANT, SUBSCRIPTION,
        FEDERATED_CLIENT, null);
    assertTrue(report.passed(), report.toString());
    assertEquals("check.azure.token.federatedOk", report.checks().stream()
        .filter(c -> c.nameKey().equals("check.azure.token")).findFirst().orElseThrow().detailKey());
    onboarding.bind(lead, "fed-it", AzureAuthMode.FEDERATED, TENANT, SUBSCRIPTION, FEDERATED_CLIENT, null, null);

    assertEquals(List.of("FEDERATED", FEDERATED_CLIENT),
        row("select mode, client_id from azure_binding where org_id = " + org));
    assertEquals(List.of("0"), row("select count(*) from azure_secret_version where org_id = " + org));
    assertEquals("azure.secret.federated", assertThrows(DomainException.class,
        () -> onboarding.rotateSecret(lead, "fed-it", SECRET, null)).key());
    assertEquals(List.of("0"), row("select count(*) from azure_secret_version where org_id = " + org));

    long putsBefore = journalCount("PutManagedCluster", 201, SUBSCRIPTION, FEDERATED_CLIENT);
    Cluster cluster = clusters.create(lead, "fed-it", azureSpec("fed-1"));
    assertEquals(PlacementKind.ORG_ACCOUNT, cluster.placementKind());
    assertEquals(SUBSCRIPTION, cluster.placementAccount().value());
    awaitStatus(cluster.id(), "ACTIVE", Duration.ofSeconds(60));
    assertEquals(putsBefore + 1, journalCount("PutManagedCluster", 201, SUBSCRIPTION, FEDERATED_CLIENT));
    assertTrue(clusters.kubeconfig(lead, "fed-it", cluster.id()).contains("server: https://"));

    clusters.delete(lead, "fed-it", cluster.id());
    awaitStatus(cluster.id(), "DELETED", Duration.ofSeconds(60));
    assertEquals(List.of("0"), row("select count(*) from azure_secret_version where org_id = " + org));
  }

  /**
   * Issue #11 on Azure: {@code zazc} + {@code prod-eu} and {@code zazc-prod} + {@code eu} both had resource group
   * {@code rp-zazc-prod-eu} in the default subscription, so the second PUT overwrote the first one's group and
   * cluster and its delete removed them. Now each has its own, and deleting one leaves the other. (Slugs start
   * with z to sort after the demo organizations on PortalIT's first inventory page, same database.)
   */
  @Test
  void organizationsWhoseOldNamesCollideGetTwoResourceGroupsAndDeletingOneLeavesTheOther() throws Exception {
    Caller first = org("zazc");
    Caller second = org("zazc-prod");

    Cluster a = clusters.create(first, "zazc", azureSpec("prod-eu"), CloudKind.AZURE);
    awaitStatus(a.id(), "ACTIVE", Duration.ofSeconds(60));
    Cluster b = clusters.create(second, "zazc-prod", azureSpec("eu"), CloudKind.AZURE);
    awaitStatus(b.id(), "ACTIVE", Duration.ofSeconds(60));

    assertNotEquals(a.resourceGroupName(), b.resourceGroupName());
    assertNotEquals(row("select endpoint from cluster where id = " + a.id()),
        row("select endpoint from cluster where id = " + b.id()));
    clusters.delete(second, "zazc-prod", b.id());
    awaitStatus(b.id(), "DELETED", Duration.ofSeconds(90));

    List<String> left = inventory();
    assertTrue(left.stream().anyMatch(id -> id.endsWith("/resourceGroups/" + a.resourceGroupName())), left.toString());
    assertTrue(left.stream().anyMatch(id -> id.endsWith("/managedClusters/" + a.cloudName())), left.toString());
    assertEquals(ResourceState.ACTIVE, azure.managedClusterState(defaultTarget("zazc"), a.resourceGroupName(),
        a.cloudName(), ResourceOwner.of(a)));

    clusters.delete(first, "zazc", a.id());
    awaitStatus(a.id(), "DELETED", Duration.ofSeconds(90));
  }

  /**
   * Issue #11: a resource group of another owner under the name Roleport is about to use is refused at once with a
   * readable message, and its tags are not overwritten; deleting the failed cluster leaves it in place.
   */
  @Test
  void aResourceGroupOfAnotherOwnerIsNeitherOverwrittenNorDeleted() throws Exception {
    Caller lead = org("zaz-squat");
    ResourceOwner other = new ResourceOwner("rp-cluster-elsewhere", "someone-else", 999_999);
    AzureTarget target = defaultTarget("someone-else");
    Cluster mine;
    worker.pause();
    try {
      mine = clusters.create(lead, "zaz-squat", azureSpec("api"), CloudKind.AZURE);
      azure.ensureResourceGroup(target, mine.resourceGroupName(), other.azureTags("theirs"), other);
    } finally {
      worker.resume();
    }

    awaitStatus(mine.id(), "FAILED", Duration.ofSeconds(60));
    List<String> op = row("select last_error, attempts from operation where cluster_id = " + mine.id());
    assertTrue(op.get(0).startsWith("NotOwned: Resource group " + mine.resourceGroupName() + " already exists in"
        + " this account, but Roleport did not create it for this cluster"), op.get(0));
    assertEquals("1", op.get(1), "refused at once, not retried");
    assertEquals(ResourceState.ACTIVE, azure.resourceGroupState(target, mine.resourceGroupName(), other),
        "the other owner's tags are still on its group");

    clusters.delete(lead, "zaz-squat", mine.id());
    awaitStatus(mine.id(), "DELETED", Duration.ofSeconds(60));
    assertEquals(ResourceState.ACTIVE, azure.resourceGroupState(target, mine.resourceGroupName(), other));
    azure.deleteResourceGroup(target, mine.resourceGroupName(), other);
  }

  /**
   * Issue #11 item 3: AKS with Entra ID, Azure RBAC and no local accounts. The kubeconfig carries no credential
   * (kubelogin signs each person in), and the organization's mapped Entra ID groups get their Roleport role inside
   * the cluster as Azure role assignments, which go when the mapping goes. The service principal holds only the
   * onboarding page's custom role, whose condition lets it assign no other role.
   */
  @Test
  void mappedEntraGroupsGetTheirRoleInsideTheClusterAndLoseItWithTheMapping() throws Exception {
    Caller lead = org("az-access");
    onboarding.bind(lead, "az-access", TENANT, SUBSCRIPTION, CLIENT, SECRET, null);
    var developers = mappingService.add(lead, "az-access", DEVELOPERS_GROUP, OrgRole.MEMBER);
    mappingService.add(lead, "az-access", VIEWERS_GROUP, OrgRole.VIEWER);

    Cluster cluster = clusters.create(lead, "az-access", azureSpec("acc-1"));
    awaitStatus(cluster.id(), "ACTIVE", Duration.ofSeconds(60));

    AzureTarget target = new AzureTarget(new AzureCredentials(new io.roleport.domain.AzureTenantId(TENANT),
        new io.roleport.domain.AzureSubscriptionId(SUBSCRIPTION), new io.roleport.domain.AzureClientId(CLIENT), SECRET),
        "westeurope", "it", "az-access");
    assertEquals(Set.of(DEVELOPERS_GROUP + " " + AKS_WRITER, VIEWERS_GROUP + " " + AKS_READER),
        grants(target, cluster), "members edit, viewers read; the lead's group is no Entra ID group: nothing");
    String kubeconfig = clusters.kubeconfig(lead, "az-access", cluster.id());
    assertTrue(kubeconfig.contains("command: kubelogin"), kubeconfig);
    assertFalse(kubeconfig.contains("token:"), "the file carries no credential: " + kubeconfig);

    mappingService.remove(lead, "az-access", developers.id());

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
        .until(() -> grants(target, cluster).equals(Set.of(VIEWERS_GROUP + " " + AKS_READER)));
    assertEquals(List.of("OK"), row("select outcome from audit_event where action = 'cluster.access.updated'"
        + " and org_id = (select id from organization where slug = 'az-access')"));
    assertEquals(List.of("ACTIVE"), row("select status from cluster where id = " + cluster.id()));

    clusters.delete(lead, "az-access", cluster.id());
    awaitStatus(cluster.id(), "DELETED", Duration.ofSeconds(60));
  }

  private Set<String> grants(AzureTarget target, Cluster cluster) {
    return azure.clusterRoleAssignments(target, cluster.resourceGroupName(), cluster.cloudName()).stream()
        .map(a -> a.principalId() + " " + a.roleDefinition()).collect(java.util.stream.Collectors.toSet());
  }

  private AzureTarget defaultTarget(String slug) {
    var d = installation.azureDefault().orElseThrow();
    return new AzureTarget(new AzureCredentials(d.tenantId(), d.subscriptionId(), d.clientId(), d.clientSecret()),
        "westeurope", "it", slug);
  }

  @Test
  void anotherOrganizationCannotBindTheAppOfTheFirstEvenWithAllItsIdsAndNothingIsStored() throws Exception {
    Caller adminA = org("tenant-a");
    Caller adminB = org("tenant-b");
    String orgB = "(select id from organization where slug = 'tenant-b')";
    AzureInstructions a = onboarding.instructions(adminA, "tenant-a");
    AzureInstructions b = onboarding.instructions(adminB, "tenant-b");
    // each organization is shown its own subject, derived from its own ExternalId, in its az commands
    assertEquals("roleport:org:" + row("select external_id from organization where slug = 'tenant-a'").get(0),
        a.federationSubject());
    assertNotEquals(a.federationSubject(), b.federationSubject());
    assertEquals(installation.workloadIdentityIssuer().orElseThrow(), a.federationIssuer());
    assertTrue(a.federatedCommands().contains("\"issuer\":\"" + a.federationIssuer() + "\",\"subject\":\""
        + a.federationSubject() + "\",\"audiences\":[\"api://AzureADTokenExchange\"]"), a.federatedCommands());
    // A's admin runs A's command: A's app trusts Roleport's issuer for A's subject only
    trust(FEDERATED_CLIENT, a.federationIssuer(), a.federationSubject());

    // B's admin enters A's tenant, subscription and client id (ids Roleport shows A's viewers)
    ValidationReport refused = onboarding.validate(adminB, "tenant-b", AzureAuthMode.FEDERATED, TENANT, SUBSCRIPTION,
        FEDERATED_CLIENT, null);
    DomainException bindRefused = assertThrows(DomainException.class, () -> onboarding.bind(adminB, "tenant-b",
        AzureAuthMode.FEDERATED, TENANT, SUBSCRIPTION, FEDERATED_CLIENT, null, null));

    assertEquals("check.azure.token.noFederatedCredential", failedDetail(refused));
    ValidationReport.Check token = refused.checks().stream().filter(c -> !c.passed()).findFirst().orElseThrow();
    assertTrue(token.args().contains("AADSTS70021"), token.toString());
    assertTrue(token.args().contains(b.federationSubject()), "the message names B's own subject: " + token);
    assertEquals("binding.validationFailed", bindRefused.key());
    assertEquals(List.of("0"), row("select count(*) from azure_binding where org_id = " + orgB));
    assertEquals(List.of("0"), row("select count(*) from azure_secret_version where org_id = " + orgB));
    List<String> audit = row("select outcome, actor, detail from audit_event where action = 'binding.set' and org_id = "
        + orgB + " order by id desc limit 1");
    assertEquals(List.of("REFUSED", "it-tenant-b"), audit.subList(0, 2));
    assertTrue(audit.get(2).contains("check.azure.token.noFederatedCredential AADSTS70021")
        && audit.get(2).contains(FEDERATED_CLIENT), audit.get(2));

    // A binds its own app
    assertTrue(onboarding.validate(adminA, "tenant-a", AzureAuthMode.FEDERATED, TENANT, SUBSCRIPTION, FEDERATED_CLIENT,
        null).passed());
    onboarding.bind(adminA, "tenant-a", AzureAuthMode.FEDERATED, TENANT, SUBSCRIPTION, FEDERATED_CLIENT, null, null);
    assertEquals(List.of("FEDERATED", FEDERATED_CLIENT),
        row("select mode, client_id from azure_binding where org_id = (select id from organization where slug = 'tenant-a')"));
    assertTrue(row("select detail from audit_event where action = 'binding.set' and outcome = 'OK' and org_id ="
        + " (select id from organization where slug = 'tenant-a')").get(0).contains(a.federationSubject()));
  }

  @Test
  void theWorkloadIssuerPublishesItsDiscoveryAndOnlyPublicKeysWithoutASession() throws Exception {
    String issuer = installation.workloadIdentityIssuer().orElseThrow();
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(
        URI.create(issuer + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
    JsonObject document = Json.createReader(new StringReader(discovery.body())).readObject();
    HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(URI.create(document.getString("jwks_uri"))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, discovery.statusCode(), discovery.body());
    assertEquals(issuer, document.getString("issuer"));
    assertEquals(200, jwks.statusCode(), jwks.body());
    assertTrue(discovery.headers().firstValue("Set-Cookie").isEmpty(), "no session: " + discovery.headers());
    assertTrue(jwks.headers().firstValue("Set-Cookie").isEmpty(), "no session: " + jwks.headers());
    var keys = Json.createReader(new StringReader(jwks.body())).readObject().getJsonArray("keys");
    assertEquals(1, keys.size(), jwks.body());
    JsonObject key = keys.getJsonObject(0);
    assertEquals("RSA", key.getString("kty"));
    assertTrue(key.containsKey("kid") && key.containsKey("n") && key.containsKey("e"), key.toString());
    for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi")) {
      assertFalse(key.containsKey(privatePart), "private parameter " + privatePart + " published: " + key);
    }
  }

  /**
   * What the customer's admin does with {@code az ad app federated-credential create}: the app trusts Roleport's
   * issuer for one subject (the Azure simulator's helper, the stand-in for Microsoft Graph).
   */
  private static void trust(String clientId, String issuer, String subject) throws Exception {
    Config config = ConfigProvider.getConfig();
    String endpoint = config.getValue("roleport.azure.authority-host", String.class);
    HttpClient http = HttpClient.newBuilder().sslContext(sslContext(
        Path.of(config.getValue("roleport.azure.truststore", String.class)),
        config.getValue("roleport.azure.truststore-password", String.class))).build();
    String body = Json.createObjectBuilder().add("tenantId", TENANT).add("clientId", clientId).add("issuer", issuer)
        .add("subject", subject).add("audiences", Json.createArrayBuilder().add("api://AzureADTokenExchange"))
        .build().toString();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/federated-credentials"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), response.body());
  }

  private List<String> inventory() {
    var d = installation.azureDefault().orElseThrow();
    return azure.inventory(new AzureTarget(new AzureCredentials(d.tenantId(), d.subscriptionId(), d.clientId(),
        d.clientSecret()), "westeurope", "it", "az-resume"));
  }

  private static ClusterSpec azureSpec(String name) {
    return new ClusterSpec(new ClusterName(name), "westeurope", "1.32", "Standard_D2s_v5", 2);
  }

  private static List<String> failedArgs(ValidationReport report) {
    return report.checks().stream().filter(c -> !c.passed()).findFirst().orElseThrow().args();
  }

  private static String failedDetail(ValidationReport report) {
    assertFalse(report.passed());
    return report.checks().stream().filter(c -> !c.passed()).map(ValidationReport.Check::detailKey).findFirst()
        .orElseThrow();
  }

  private Caller org(String slug) throws Exception {
    String group = slug + "-leads";
    tx.begin();
    Organization org = new Organization(new Slug(slug), slug, OrgKind.TEAM, null,
        ExternalId.generate(new java.security.SecureRandom()), Instant.now());
    organizations.add(org);
    organizations.add(new GroupMapping(org, group, OrgRole.ORG_ADMIN));
    tx.commit();
    return new Caller("it-" + slug, "it-" + slug, Set.of(group), false, false);
  }

  private void awaitStatus(long clusterId, String status, Duration timeout) {
    try {
      org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200))
          .until(() -> row("select status from cluster where id = " + clusterId).equals(List.of(status)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("cluster " + clusterId + " never became " + status + ": " + rowOrError(
          "select status, step_index, last_error from operation where cluster_id = " + clusterId
              + " order by id desc limit 1"), e);
    }
  }



  /** Successful ARM calls of one kind in the default subscription, from the Azure simulator's journal. */
  private static long journalCount(String action, int status) throws Exception {
    return journalCount(action, status, DEFAULT_SUBSCRIPTION, null);
  }

  /** Calls of one kind in a subscription (by one client id, or any when {@code null}), from the journal. */
  private static long journalCount(String action, int status, String subscription, String principal)
      throws Exception {
    Config config = ConfigProvider.getConfig();
    String endpoint = config.getValue("roleport.azure.authority-host", String.class);
    HttpClient http = HttpClient.newBuilder().sslContext(sslContext(
        Path.of(config.getValue("roleport.azure.truststore", String.class)),
        config.getValue("roleport.azure.truststore-password", String.class))).build();
    String body = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/journal")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return Json.createReader(new StringReader(body)).readArray().stream()
        .map(v -> (JsonObject) v)
        .filter(e -> action.equals(e.getString("action", "")) && e.getInt("status", 0) == status
            && subscription.equals(e.getString("accountId", ""))
            && (principal == null || principal.equals(e.getString("principal", ""))))
        .count();
  }

  private static SSLContext sslContext(Path truststore, String password) throws Exception {
    try (InputStream in = Files.newInputStream(truststore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    }
  }

  private List<String> row(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      if (!rs.next()) {
        return List.of();
      }
      int columns = rs.getMetaData().getColumnCount();
      String[] values = new String[columns];
      for (int i = 0; i < columns; i++) {
        values[i] = rs.getString(i + 1);
      }
      return java.util.Arrays.asList(values);
    }
  }

  private String rowOrError(String sql) {
    try {
      return String.valueOf(row(sql));
    } catch (SQLException e) {
      return e.toString();
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.createStatement().executeUpdate(sql);
    }
  }

  /** Runs the operation's current step as a worker would: under a lease of its own. */
  private void step(long operationId) {
    var lease = stepper.claim(operationId, "it-worker", Duration.ofSeconds(60)).orElseThrow();
    try {
      stepper.advance(lease);
    } finally {
      stepper.release(lease);
    }
  }

}
