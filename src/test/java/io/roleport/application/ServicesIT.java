package io.roleport.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.access.IdentityToken;
import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.OperationStepper;
import io.roleport.application.clusters.Lease;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import io.roleport.application.clusters.WorkerSwitch;
import io.roleport.application.onboarding.AwsOnboardingService;
import io.roleport.application.onboarding.ValidationReport;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.DomainException;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.Operation;
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
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules of binding and provisioning, inside the deployed application (Payara Micro, MariaDB, the AWS
 * SDK talking to the simulator). Each test works in an organization of its own.
 */
@ExtendWith(ArquillianExtension.class)
class ServicesIT {
  /** Simulator account 777777777777 trusts Roleport with this ExternalId (config/simulator-seed.json). */
  static final String INITECH_EXTERNAL_ID = "rp-77777777777777777777777777777777";
  /** Simulator account 666666666666: its automation role trusts Roleport without any ExternalId. */
  static final String MISCONFIGURED_EXTERNAL_ID = "rp-0123456789abcdef0123456789abcdef";

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(ServicesIT.class);
  }

  @Inject AwsOnboardingService onboarding;
  @Inject OrganizationService organizationService;
  @Inject ClusterService clusters;
  @Inject io.roleport.application.access.TenantGuard guard;
  @Inject OrganizationRepository organizations;
  @Inject OperationStepper stepper;
  @Inject io.roleport.application.support.SupportAccessService supportAccess;
  @Inject io.roleport.application.organizations.MappingService mappingService;
  @Inject io.roleport.application.audit.AuditTrail auditTrail;
  @Inject io.roleport.application.thirdparty.ThirdPartyService thirdPartyService;
  @Inject WorkerSwitch worker;
  @Inject io.roleport.application.onboarding.AccessCheckService accessChecks;
  @Inject UserTransaction tx;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @Test
  void secondBindingIsRefusedAndChangesNothingInServiceOrDatabase() throws Exception {
    Caller lead = orgWithExternalId("initech", INITECH_EXTERNAL_ID);
    onboarding.bind(lead, "initech", role("777777777777", "RoleportAutomation"),
        role("777777777777", "RoleportSupport"));

    DomainException refused = assertThrows(DomainException.class, () -> onboarding.bind(lead, "initech",
        role("777777777777", "RoleportSupport"), role("777777777777", "RoleportAutomation")));

    assertEquals("binding.alreadySet", refused.key());
    assertEquals(List.of("777777777777", role("777777777777", "RoleportAutomation")),
        row("select account_id, automation_role_arn from aws_binding b join organization o on o.id = b.org_id"
            + " where o.slug = 'initech'"));
    assertEquals(List.of("REFUSED"), row("select outcome from audit_event where action = 'binding.set' and"
        + " outcome = 'REFUSED' and org_id = (select id from organization where slug = 'initech')"));
    SQLException update = assertThrows(SQLException.class, () -> execute("update aws_binding set automation_role_arn ="
        + " 'arn:aws:iam::777777777777:role/Other' where org_id = (select id from organization where slug = 'initech')"));
    assertTrue(update.getMessage().contains("write-once"), update.getMessage());
    // The application runs as a data-only user (the schema's owner migrates): it cannot drop the guard either.
    SQLException drop = assertThrows(SQLException.class, () -> execute("drop trigger aws_binding_no_update"));
    assertTrue(drop.getMessage().contains("denied"), drop.getMessage());
    SQLException alter = assertThrows(SQLException.class, () -> execute("alter table aws_binding add x int"));
    assertTrue(alter.getMessage().contains("denied"), alter.getMessage());
    assertThrows(SQLException.class, () -> execute("delete from aws_binding where org_id ="
        + " (select id from organization where slug = 'initech')"));
    assertThrows(SQLException.class, () -> execute("update organization set external_id ="
        + " 'rp-00000000000000000000000000000001' where slug = 'initech'"));
    assertThrows(SQLException.class, () -> execute("delete from audit_event"));
    assertEquals(List.of(role("777777777777", "RoleportAutomation")),
        row("select automation_role_arn from aws_binding b join organization o on o.id = b.org_id where o.slug = 'initech'"));
  }

  @Test
  void validationRefusesARoleAssumableWithoutTheExternalId() throws Exception {
    Caller lead = orgWithExternalId("misconf", MISCONFIGURED_EXTERNAL_ID);
    String automation = role("666666666666", "RoleportAutomation");
    String support = role("666666666666", "RoleportSupport");

    ValidationReport report = onboarding.validate(lead, "misconf", automation, support);

    assertFalse(report.passed());
    List<String> failed = report.checks().stream().filter(c -> !c.passed()).map(ValidationReport.Check::nameKey).toList();
    assertEquals(List.of("check.externalIdRequired", "check.wrongExternalIdRefused"), failed);
    DomainException refused = assertThrows(DomainException.class, () -> onboarding.bind(lead, "misconf", automation, support));
    assertEquals("binding.validationFailed", refused.key());
    assertEquals(List.of("0"), row("select count(*) from aws_binding b join organization o on o.id = b.org_id"
        + " where o.slug = 'misconf'"));
  }

  /** Simulator account 999999999999: both roles trust Roleport with this ExternalId, for sts:AssumeRole only. */
  static final String TAGLESS_EXTERNAL_ID = "rp-99999999999999999999999999999999";

  @Test
  void rolesThatRefuseSourceIdentityOrSessionTagsFailValidationAsOperationsWouldFail() throws Exception {
    Caller lead = orgWithExternalId("tagless", TAGLESS_EXTERNAL_ID);
    String automation = role("999999999999", "RoleportAutomation");
    String support = role("999999999999", "RoleportSupport");

    ValidationReport report = onboarding.validate(lead, "tagless", automation, support);

    assertFalse(report.passed());
    var failed = report.checks().stream().filter(c -> !c.passed()).toList();
    assertEquals(List.of("check.automationAssumable", "check.supportAssumable"),
        failed.stream().map(ValidationReport.Check::nameKey).toList());
    assertEquals("check.assumed.accessDenied", failed.get(0).detailKey(), failed.toString());
    assertThrows(DomainException.class, () -> onboarding.bind(lead, "tagless", automation, support));
    assertEquals(List.of("0"), row("select count(*) from aws_binding b join organization o on o.id = b.org_id"
        + " where o.slug = 'tagless'"));
  }

  @Inject io.roleport.application.thirdparty.IdentityProviderService identityProviders;

  /** docs/permissions.md: operators are not members; what only the organization decides needs its own admin. */
  @Test
  void operatorsCannotOnboardThirdPartiesRegisterTheirProvidersOrReadSupportSessions() throws Exception {
    Caller olga = new Caller("it-olga", "it-olga", Set.of(), true, false);
    List<String> before = row("select (select count(*) from organization), (select count(*) from identity_provider)");

    assertEquals("access.notOrgAdmin", assertThrows(DomainException.class,
        () -> organizationService.createThirdParty(olga, "isvco", "Evil", "evil-tp", "evil-users")).key());
    assertEquals("access.notOrgAdmin", assertThrows(DomainException.class,
        () -> identityProviders.register(olga, "tailspin", "https://idp.example.com", "evil-client")).key());
    assertEquals("access.notOrgAdmin", assertThrows(DomainException.class,
        () -> supportAccess.recent(olga, "globex")).key());
    assertEquals(before, row("select (select count(*) from organization), (select count(*) from identity_provider)"));

    // What the table gives operators: the audit trail and the group mappings of any organization.
    auditTrail.recent(olga, "globex", 5);
    mappingService.mappings(olga, "globex");
    // And the organization's own administrators may.
    Caller isvAdmin = new Caller("it-isv-admin", "it-isv-admin", Set.of("isvco-admins"), false, false);
    assertEquals("it-tp", organizationService.createThirdParty(isvAdmin, "isvco", "IT third party", "it-tp",
        "it-tp-users").slug());
    supportAccess.recent(new Caller("gus", "gus", Set.of("globex-leads"), false, false), "globex");
  }

  @Test
  void clustersOfAnOrganizationWithoutBindingRunInTheDefaultAccount() {
    Caller lead = new Caller("it-fallback", "it-fallback", Set.of("fallback-leads"), false, false);
    organizationService.create(lead, "Fallback", "fallback", "fallback-leads");

    Cluster cluster = clusters.create(lead, "fallback", spec("dev-1"));

    assertEquals(PlacementKind.DEFAULT_ACCOUNT, cluster.placementKind());
    assertEquals("222222222222", cluster.placementAccount().value());
  }

  @Test
  void anOperationResumesAfterARestartWithoutASecondCreateCluster() throws Exception {
    Caller lead = orgWithExternalId("resume", null);
    worker.pause();
    try {
      Cluster cluster = clusters.create(lead, "resume", spec("svc-1"));
      long operationId = Long.parseLong(row("select id from operation where cluster_id = " + cluster.id()).get(0));
      long createsBefore = journalCount("CreateCluster", "it-resume");
      assertEquals(0, createsBefore);

      step(operationId); // network
      step(operationId); // CreateCluster sent
      assertEquals(createsBefore + 1, journalCount("CreateCluster", "it-resume"));
      // The portal dies after the cloud call, before its commit: the step is still open after restart.
      execute("update operation set step_index = 1 where id = " + operationId);
      step(operationId);

      assertEquals(List.of("2"), row("select step_index from operation where id = " + operationId));
      worker.resume();
      awaitStatus(cluster.id(), "ACTIVE", Duration.ofSeconds(60));
      assertEquals(createsBefore + 1, journalCount("CreateCluster", "it-resume"));
    } finally {
      worker.resume();
    }
  }

  @Test
  void aPageOfOrganizationsOrClustersCostsTheSameStatementsWhateverItsSize() throws Exception {
    Caller lead = null;
    for (int i = 0; i < 30; i++) {
      lead = orgInGroup(String.format("scale-%02d", i), "scale-leads");
    }
    Caller caller = lead;
    worker.pause();
    try {
      for (int i = 0; i < 12; i++) {
        clusters.create(caller, "scale-00", spec("c-" + i));
      }

      long smallOrgPage = selectsDuring(() -> organizationService.page(caller, 0, 5).forEach(o -> o.name()));
      long largeOrgPage = selectsDuring(() -> organizationService.page(caller, 0, 25).forEach(o -> o.name()));
      long smallClusterPage = selectsDuring(() -> clusters.page(caller, "scale-00", 0, 3).forEach(c -> c.status()));
      long largeClusterPage = selectsDuring(() -> clusters.page(caller, "scale-00", 0, 12).forEach(c -> c.status()));

      assertTrue(smallOrgPage >= 1 && smallClusterPage >= 1, "statements were not counted on the shared connection");
      assertEquals(smallOrgPage, largeOrgPage, "organization page");
      assertEquals(smallClusterPage, largeClusterPage, "cluster page");
      assertTrue(largeOrgPage <= 2, "organization page took " + largeOrgPage + " statements");
      assertTrue(largeClusterPage <= 4, "cluster page took " + largeClusterPage + " statements");

      // The cluster list's page: the count comes with the organization's row (kept by the database, V32), the rows
      // in one query; a page past the end is the last page.
      var access = guard.require(caller, "scale-00");
      assertEquals(List.of(12L, 12L), List.of(access.organization().clusterCount(true),
          access.organization().clusterCount(false)), "the 12 clusters just created, counted on the organization's row");
      var second = clusters.listingPage(access, 2, 5, false);
      assertEquals(List.of(2, 5, 12L), List.of(second.page(), second.rows().size(), second.total()));
      var pastTheEnd = clusters.listingPage(access, 9, 5, false);
      assertEquals(List.of(3, 2, 12L), List.of(pastTheEnd.page(), pastTheEnd.rows().size(), pastTheEnd.total()),
          "12 clusters in pages of 5: page 9 is page 3, with the 2 oldest");
      assertEquals("c-0", pastTheEnd.rows().get(1).name(), "newest first: the oldest is last");
      assertEquals(1, selectsDuring(() -> clusters.listingPage(access, 2, 5, false)), "the page only, no count");
    } finally {
      worker.resume();
    }
  }

  /**
   * Issue #11: {@code acme} + {@code prod-eu} and {@code acme-prod} + {@code eu} were both {@code acme-prod-eu} in
   * the shared default account, so the second organization adopted the first one's EKS cluster and its delete
   * deleted it. Now each gets its own cluster, and deleting one leaves the other running. (Here {@code zclash} +
   * {@code prod-eu} and {@code zclash-prod} + {@code eu}: slugs that sort after the demo organizations, whose
   * first inventory page PortalIT reads in the same database.)
   */
  @Test
  void organizationsWhoseOldCloudNamesCollideGetTwoClustersAndDeletingOneLeavesTheOther() throws Exception {
    Caller first = orgWithExternalId("zclash", null);
    Caller second = orgWithExternalId("zclash-prod", null);

    Cluster a = clusters.create(first, "zclash", spec("prod-eu"));
    awaitStatus(a.id(), "ACTIVE", Duration.ofSeconds(90));
    Cluster b = clusters.create(second, "zclash-prod", spec("eu"));
    awaitStatus(b.id(), "ACTIVE", Duration.ofSeconds(90));

    assertNotEquals(a.cloudName(), b.cloudName());
    assertEquals(1, journalCount("eks", "CreateCluster", a.cloudName(), "zclash"));
    assertEquals(1, journalCount("eks", "CreateCluster", b.cloudName(), "zclash-prod"));
    assertNotEquals(row("select endpoint from cluster where id = " + a.id()),
        row("select endpoint from cluster where id = " + b.id()), "b recorded a's API endpoint");
    assertEquals(List.of(a.cloudName(), b.cloudName()), List.of(cloudNameColumn(a.id()), cloudNameColumn(b.id())));
    assertTrue(clusters.kubeconfig(first, "zclash", a.id()).contains("\"--cluster-name\", \"" + a.cloudName() + "\""));
    SQLException rename = assertThrows(SQLException.class,
        () -> execute("update cluster set cloud_name = 'zclash-prod-eu' where id = " + b.id()));
    assertTrue(rename.getMessage().contains("write-once"), rename.getMessage());

    clusters.delete(second, "zclash-prod", b.id());
    awaitStatus(b.id(), "DELETED", Duration.ofSeconds(90));

    assertEquals(0, journalCount("eks", "DeleteCluster", a.cloudName(), null));
    assertEquals(0, journalCount("eks", "DeleteNodegroup", a.cloudName() + "/default", null));
    CloudTarget asFirst = defaultAccount("zclash", "it-zclash");
    assertEquals(ResourceState.ACTIVE, cloud.clusterState(asFirst, a.cloudName(), ResourceOwner.of(a)));
    assertEquals(ResourceState.ACTIVE, cloud.nodeGroupState(asFirst, a.cloudName(), "default", ResourceOwner.of(a)));
    assertEquals(ResourceState.GONE, cloud.clusterState(asFirst, b.cloudName(), ResourceOwner.of(b)));
  }

  /**
   * Issue #11: a cluster that already exists under the name Roleport is about to use, created by someone else
   * (here another organization's session in the shared account), is refused at once with a readable message:
   * neither adopted (no endpoint recorded, no node group added) nor, when the failed cluster is deleted, deleted.
   */
  @Test
  void aClusterOfAnotherOwnerUnderTheSameNameIsNeitherAdoptedNorDeleted() throws Exception {
    Caller lead = orgWithExternalId("zsquat", null);
    CloudTarget squatter = defaultAccount("zsquatter", "mallory");
    ResourceOwner other = new ResourceOwner("rp-cluster-elsewhere", "zsquatter", 999_999);
    Cluster mine;
    worker.pause();
    try {
      mine = clusters.create(lead, "zsquat", spec("api"));
      var network = cloud.ensureNetwork(squatter, other, other.awsTags("mallory"));
      cloud.ensureCluster(squatter, new CloudProvider.ClusterRequest(mine.cloudName(), "1.33", network.subnetIds(),
          java.util.UUID.randomUUID().toString(), other.awsTags("mallory"), other));
    } finally {
      worker.resume();
    }

    awaitStatus(mine.id(), "FAILED", Duration.ofSeconds(60));
    List<String> op = row("select last_error, attempts from operation where cluster_id = " + mine.id());
    assertEquals("NotOwned: EKS cluster " + mine.cloudName() + " already exists in this account, but Roleport did"
        + " not create it for this cluster", op.get(0).substring(0, op.get(0).indexOf(':', 10)), op.get(0));
    assertEquals("1", op.get(1), "refused at once, not retried");
    assertEquals(List.of("1"), row("select count(*) from cluster where endpoint is null and id = " + mine.id()),
        "the other cluster's endpoint was recorded");
    assertEquals(0, journalCount("eks", "CreateNodegroup", mine.cloudName() + "/default", null));

    clusters.delete(lead, "zsquat", mine.id());
    awaitStatus(mine.id(), "DELETED", Duration.ofSeconds(60));

    assertEquals(0, journalCount("eks", "DeleteCluster", mine.cloudName(), null));
    ResourceState theirs = cloud.clusterState(squatter, mine.cloudName(), other);
    assertTrue(theirs == ResourceState.ACTIVE || theirs == ResourceState.CREATING, "the other cluster is " + theirs);
    assertEquals(ResourceState.NOT_OURS, cloud.clusterState(squatter, mine.cloudName(), ResourceOwner.of(mine)));
  }

  @Inject CloudProvider cloud;
  @Inject InstallationProfile installation;

  /** A session in the installation's default account, tagged for organization {@code slug}, for {@code person}. */
  private CloudTarget defaultAccount(String slug, String person) {
    return new CloudTarget(installation.defaultWorkloadRole(), installation.defaultWorkloadExternalId(), "eu-west-1",
        person, slug);
  }

  private String cloudNameColumn(long clusterId) throws SQLException {
    return row("select cloud_name from cluster where id = " + clusterId).get(0);
  }

  /**
   * SELECT statements {@code work} sent to the database: counted by an EclipseLink session event listener on every SQL
   * call made on this thread, so neither other builds using the same database server nor a worker tick of this
   * deployment count.
   */
  private long selectsDuring(Runnable work) {
    java.util.concurrent.atomic.AtomicLong selects = new java.util.concurrent.atomic.AtomicLong();
    Thread measured = Thread.currentThread(); // the services run on this thread; a worker tick runs on another
    var counter = new org.eclipse.persistence.sessions.SessionEventAdapter() {
      @Override
      public void postExecuteCall(org.eclipse.persistence.sessions.SessionEvent event) {
        if (Thread.currentThread() == measured && event.getCall() instanceof org.eclipse.persistence.internal.databaseaccess.DatabaseCall call
            && call.getSQLString() != null && call.getSQLString().stripLeading().regionMatches(true, 0, "select", 0, 6)) {
          selects.incrementAndGet();
        }
      }
    };
    var events = emf.unwrap(org.eclipse.persistence.sessions.server.ServerSession.class).getEventManager();
    events.addListener(counter);
    try {
      work.run();
    } finally {
      events.removeListener(counter);
    }
    return selects.get();
  }

  @jakarta.persistence.PersistenceUnit(unitName = "roleport")
  jakarta.persistence.EntityManagerFactory emf;

  private Caller orgInGroup(String slug, String group) throws Exception {
    tx.begin();
    Organization org = new Organization(new Slug(slug), slug, OrgKind.TEAM, null,
        ExternalId.generate(new java.security.SecureRandom()), Instant.now());
    organizations.add(org);
    organizations.add(new GroupMapping(org, group, OrgRole.ORG_ADMIN));
    tx.commit();
    return new Caller("it-" + group, "it-" + group, Set.of(group), false, false);
  }

  @Test
  void everyServiceAnswersNotFoundForAnotherOrganizationsIds() throws Exception {
    Caller gus = new Caller("gus", "gus", Set.of("globex-leads"), false, false);
    long globexCluster = clusters.create(gus, "globex", spec("secret-1")).id();
    long globexMapping = mappingService.mappings(gus, "globex").get(0).id();
    List<Caller> strangers = List.of(
        new Caller("alice", "alice", Set.of("acme-leads"), false, false),
        new Caller("bob", "bob", Set.of("acme-devs"), false, false),
        new Caller("tara", "tara", Set.of("tailspin-users"), false, false),
        new Caller("ivan", "ivan", Set.of("isvco-admins"), false, false),
        new Caller("nobody", "nobody", Set.of(), false, false));
    String automation = role("333333333333", "RoleportAutomation");
    List<String> before = row("select (select count(*) from cluster), (select count(*) from operation),"
        + " (select count(*) from group_mapping), (select count(*) from aws_binding), (select count(*) from organization)");

    for (Caller stranger : strangers) {
      List<org.junit.jupiter.api.function.Executable> calls = List.of(
          () -> organizationService.overview(stranger, "globex"),
          () -> organizationService.thirdParties(stranger, "globex"),
          () -> organizationService.createThirdParty(stranger, "globex", "X", "x-corp", "x-users"),
          () -> clusters.page(stranger, "globex", 0, 10),
          () -> clusters.count(stranger, "globex"),
          () -> clusters.placement(stranger, "globex"),
          () -> clusters.detail(stranger, "globex", globexCluster),
          () -> clusters.create(stranger, "globex", spec("intruder")),
          () -> clusters.delete(stranger, "globex", globexCluster),
          () -> clusters.kubeconfig(stranger, "globex", globexCluster),
          () -> onboarding.instructions(stranger, "globex"),
          () -> onboarding.validate(stranger, "globex", automation, automation),
          () -> onboarding.bind(stranger, "globex", automation, automation),
          () -> mappingService.mappings(stranger, "globex"),
          () -> mappingService.add(stranger, "globex", "x", OrgRole.ORG_ADMIN),
          () -> mappingService.remove(stranger, "globex", globexMapping),
          () -> auditTrail.recent(stranger, "globex", 10),
          () -> thirdPartyService.view(stranger, "globex"),
          () -> thirdPartyService.clusters(stranger, "globex"),
          () -> thirdPartyService.cluster(stranger, "globex", globexCluster),
          () -> thirdPartyService.kubeconfig(stranger, "globex", globexCluster),
          () -> supportAccess.open(stranger, "globex", "looking at a ticket", 15),
          () -> supportAccess.recent(stranger, "globex"),
          () -> supportAccess.recentForThirdParty(stranger, "globex"),
          // a cluster id of another organization, asked through one's own organization
          () -> clusters.detail(stranger, "acme", globexCluster),
          () -> thirdPartyService.cluster(stranger, "tailspin", globexCluster));
      for (int i = 0; i < calls.size(); i++) {
        Throwable thrown = assertThrows(Throwable.class, calls.get(i), stranger.subject() + " call " + i);
        assertTrue(thrown instanceof io.roleport.application.access.NotFoundException,
            stranger.subject() + " call " + i + " threw " + thrown);
      }
    }

    assertEquals(before, row("select (select count(*) from cluster), (select count(*) from operation),"
        + " (select count(*) from group_mapping), (select count(*) from aws_binding), (select count(*) from organization)"));
  }

  /**
   * An organization bound in web-identity mode (account 888888888888 trusts only the IdP at 127.0.0.1:9400, not
   * this test's IdP): nothing runs there without a fresh token the account trusts, and a refusal stores nothing.
   */
  @Test
  void anAccountTrustingPeoplesOwnSignInRefusesAMissingStaleOrUntrustedTokenAndStoresNothing() throws Exception {
    Caller lead = orgWithExternalId("webid", null);
    String orgId = row("select id from organization where slug = 'webid'").get(0);
    execute("insert into aws_binding (org_id, account_id, automation_role_arn, support_role_arn, external_id,"
        + " federation, bound_by, bound_at) select id, '888888888888', '" + role("888888888888", "RoleportAutomation")
        + "', '" + role("888888888888", "RoleportSupport") + "', external_id, 'WEB_IDENTITY', 'it', UTC_TIMESTAMP(6)"
        + " from organization where id = " + orgId);
    Instant now = Instant.now();
    String jwt = unsignedJwt(lead.subject(), now.plusSeconds(3600));

    DomainException noToken = assertThrows(DomainException.class, () -> clusters.create(lead, "webid", spec("wi-a")));
    assertEquals("webIdentity.signInAgain", noToken.key());
    Caller stale = lead.withIdentityToken(new IdentityToken(jwt, now.minusSeconds(3570), now.plusSeconds(30)));
    assertEquals("webIdentity.signInAgain",
        assertThrows(DomainException.class, () -> clusters.create(stale, "webid", spec("wi-b"))).key());
    Caller untrusted = lead.withIdentityToken(new IdentityToken(jwt, now, now.plusSeconds(3600)));
    DomainException refused = assertThrows(DomainException.class, () -> clusters.create(untrusted, "webid", spec("wi-c")));
    assertEquals("webIdentity.refused", refused.key());
    assertTrue(java.util.Arrays.toString(refused.args()).contains("InvalidIdentityToken"), refused.getMessage());

    assertEquals(List.of("0", "0"), row("select (select count(*) from cluster where org_id = " + orgId + "),"
        + " (select count(*) from operation_session)"));
    assertEquals(List.of("1"), row("select count(*) from audit_event where org_id = " + orgId
        + " and action = 'role.assumed' and outcome = 'REFUSED'"));
    assertEquals(List.of("3"), row("select count(*) from audit_event where org_id = " + orgId
        + " and action = 'cluster.create.requested' and outcome = 'REFUSED'"));
    assertTrue(row("select group_concat(detail) from audit_event where org_id = " + orgId).stream()
        .noneMatch(d -> d != null && d.contains(jwt.substring(0, 20))), "the token must never reach the audit trail");

    // A member whose own sign-in is refused learns that it concerns them: the organization's binding is unchanged.
    execute("insert into group_mapping (org_id, group_name, role) values (" + orgId + ", 'webid-members', 'MEMBER')");
    Caller member = new Caller("it-webid-member", "it-webid-member", Set.of("webid-members"), false, false)
        .withIdentityToken(new IdentityToken(unsignedJwt("it-webid-member", now.plusSeconds(3600)), now,
            now.plusSeconds(3600)));
    assertEquals("access.check.ownSignInRefused",
        assertThrows(DomainException.class, () -> accessChecks.check(member, "webid")).key());
    assertTrue(accessChecks.status(lead, "webid").isEmpty(), "a member's own refusal does not mark the binding");
    assertEquals(List.of("0"), row("select count(*) from audit_event where org_id = " + orgId
        + " and action = 'binding.revoked'"));

    // An administrator's refusal is the account's answer.
    assertTrue(accessChecks.check(untrusted, "webid").revoked(), "an account that no longer trusts the IdP is revoked");
  }

  /** A JWT the simulator can parse but must refuse (no signature): a token of an issuer the account does not trust. */
  private static String unsignedJwt(String subject, Instant expires) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String issuer = ConfigProvider.getConfig().getValue("roleport.oidc.issuer", String.class);
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes());
    String payload = b64.encodeToString(("{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject
        + "\",\"aud\":\"roleport\",\"exp\":" + expires.getEpochSecond() + "}").getBytes());
    return header + "." + payload + "." + b64.encodeToString("not-a-signature".getBytes());
  }

  private Caller orgWithExternalId(String slug, String externalId) throws Exception {
    String group = slug + "-leads";
    tx.begin();
    Organization org = new Organization(new Slug(slug), slug, OrgKind.TEAM, null,
        externalId == null ? ExternalId.generate(new java.security.SecureRandom()) : new ExternalId(externalId),
        Instant.now());
    organizations.add(org);
    organizations.add(new GroupMapping(org, group, OrgRole.ORG_ADMIN));
    tx.commit();
    return new Caller("it-" + slug, "it-" + slug, Set.of(group), false, false);
  }

  private static ClusterSpec spec(String name) {
    return new ClusterSpec(new ClusterName(name), "eu-west-1", "1.33", "m6i.large", 2);
  }

  private static String role(String account, String name) {
    return "arn:aws:iam::" + account + ":role/" + name;
  }

  /** Runs the operation's current step as a worker would: under a lease of its own. */
  private void step(long operationId) {
    Lease lease = stepper.claim(operationId, "it-worker", Duration.ofSeconds(60)).orElseThrow();
    try {
      stepper.advance(lease);
    } finally {
      stepper.release(lease);
    }
  }

  private long operationOf(Cluster cluster) throws SQLException {
    return Long.parseLong(row("select max(id) from operation where cluster_id = " + cluster.id()).get(0));
  }

  /** The lease of whoever holds the operation runs out (as if its worker stalled for longer than the lease). */
  private void expireLease(long operationId) throws SQLException {
    execute("update operation set lease_until = now(6) - interval 1 second where id = " + operationId);
  }

  @Inject io.roleport.application.clusters.ProvisioningWorker provisioningWorker;
  @Inject StaleStep staleStep;

  /** A step's transaction that reads the operation, lets {@code meanwhile} run, then records the step done. */
  @jakarta.enterprise.context.ApplicationScoped
  public static class StaleStep {
    @Inject io.roleport.domain.OperationRepository operations;

    @jakarta.transaction.Transactional(jakarta.transaction.Transactional.TxType.REQUIRES_NEW)
    public void complete(long operationId, Runnable meanwhile) {
      Operation op = operations.find(operationId).orElseThrow();
      op.completeStep(Instant.now());
      meanwhile.run();
    }
  }

  @Test
  void aWorkerWhoseLeaseWasTakenOverStartsNothingAndCannotCommit() throws Exception {
    Caller lead = orgWithExternalId("fenced", null);
    worker.pause();
    try {
      Cluster cluster = clusters.create(lead, "fenced", spec("svc-1"));
      long op = operationOf(cluster);
      Lease a = stepper.claim(op, "worker-a", Duration.ofSeconds(60)).orElseThrow();
      assertTrue(stepper.claim(op, "worker-b", Duration.ofSeconds(60)).isEmpty(), "a live lease is not taken over");

      expireLease(op);
      Lease b = stepper.claim(op, "worker-b", Duration.ofSeconds(60)).orElseThrow();
      assertTrue(b.token() > a.token(), "every claim has a new fencing token");
      stepper.advance(a); // worker-a wakes up: its lease is gone, it starts nothing
      assertEquals(0, journalCount("CreateVpc", "it-fenced", "fenced"));
      assertEquals(List.of("0", "worker-b"), row("select step_index, lease_owner from operation where id = " + op));
      stepper.release(a); // and cannot release worker-b's lease
      assertEquals(List.of("worker-b"), row("select lease_owner from operation where id = " + op));

      stepper.advance(b);
      stepper.release(b);
      assertEquals(1, journalCount("CreateVpc", "it-fenced", "fenced"));
      assertEquals(List.of("1"), row("select step_index from operation where id = " + op));

      // A transaction that read the operation before another worker claimed it cannot commit what it did.
      RuntimeException refused = assertThrows(RuntimeException.class, () -> staleStep.complete(op,
          // another instance claims the operation while this transaction works on it
          () -> stepper.claim(op, "worker-c", Duration.ofSeconds(60)).orElseThrow()), "the fenced commit is refused");
      assertTrue(refused instanceof jakarta.transaction.TransactionalException, refused.toString());
      assertEquals(List.of("1", "worker-c"), row("select step_index, lease_owner from operation where id = " + op));
    } finally {
      worker.resume();
    }
  }

  @Test
  void anUnexpectedFailureInAStepBacksOffAndEndsTheOperationWhenTheBudgetIsSpent() throws Exception {
    Caller lead = orgWithExternalId("unexpected", null);
    worker.pause();
    Cluster cluster = clusters.create(lead, "unexpected", spec("svc-1"));
    long op = operationOf(cluster);
    execute("update cluster set provider = 'NO_SUCH_CLOUD' where id = " + cluster.id()); // a step that throws
    try {
      Instant before = Instant.now();
      provisioningWorker.advance(stepper.claim(op, "worker-a", Duration.ofSeconds(60)).orElseThrow());
      List<String> first = row("select status, attempts, last_error, next_run_at > now(6), lease_owner from operation"
          + " where id = " + op);
      assertEquals(List.of("RUNNING", "1"), first.subList(0, 2), first.toString());
      assertTrue(first.get(2).contains("internal error"), first.get(2));
      assertEquals("1", first.get(3), "the next attempt waits (back-off), it is not due at once");
      assertEquals(null, first.get(4), "the lease is given back");
      assertTrue(Instant.now().isAfter(before));

      for (int i = 2; i <= Operation.MAX_ATTEMPTS; i++) {
        provisioningWorker.advance(stepper.claim(op, "worker-a", Duration.ofSeconds(60)).orElseThrow());
      }
      assertEquals(List.of("FAILED", String.valueOf(Operation.MAX_ATTEMPTS)),
          row("select status, attempts from operation where id = " + op));
      assertEquals(List.of("FAILED"), row("select status from cluster where id = " + cluster.id()));
      assertEquals(List.of("1"), row("select count(*) from audit_event where action = 'cluster.create.failed'"
          + " and org_id = (select id from organization where slug = 'unexpected')"));
    } finally {
      execute("update cluster set provider = 'AWS' where id = " + cluster.id());
      worker.resume();
    }
  }

  private void awaitStatus(long clusterId, String status, Duration timeout) {
    org.awaitility.Awaitility.await("cluster " + clusterId + " becoming " + status)
        .atMost(timeout).pollInterval(Duration.ofMillis(200))
        .until(() -> row("select status from cluster where id = " + clusterId).equals(List.of(status)));
  }


  /**
   * Successful calls of {@code action} on {@code resource} in the default account (journal resource: the cluster
   * name, or cluster/nodegroup), made by sessions tagged for organization {@code org} ({@code null}: any).
   */
  private static long journalCount(String service, String action, String resource, String org) throws Exception {
    String endpoint = ConfigProvider.getConfig().getValue("roleport.aws.endpoint", String.class);
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/journal")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return Json.createReader(new StringReader(body)).readArray().stream()
        .map(v -> (JsonObject) v)
        .filter(e -> service.equals(e.getString("service")) && action.equals(e.getString("action"))
            && resource.equals(e.getString("resource", "")) && e.getInt("status") == 200
            && "222222222222".equals(e.getString("accountId", ""))
            && (org == null || org.equals(e.getJsonObject("sessionTags").getString("roleport-org", ""))))
        .count();
  }

  /**
   * Successful calls of one action made for one person (the SourceIdentity of the session Roleport
   * assumed for them), from the simulator's journal.
   */
  private static long journalCount(String action, String sourceIdentity) throws Exception {
    return journalCount(action, sourceIdentity, "resume");
  }

  private static long journalCount(String action, String sourceIdentity, String org) throws Exception {
    String endpoint = ConfigProvider.getConfig().getValue("roleport.aws.endpoint", String.class);
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/journal")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return Json.createReader(new StringReader(body)).readArray().stream()
        .map(v -> (JsonObject) v)
        .filter(e -> action.equals(e.getString("action")) && sourceIdentity.equals(e.getString("sourceIdentity", ""))
            && e.getInt("status") == 200 && "222222222222".equals(e.getString("accountId", ""))
            && org.equals(e.getJsonObject("sessionTags").getString("roleport-org", "")))
        .count();
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

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.createStatement().executeUpdate(sql);
    }
  }

  @Inject io.roleport.application.audit.PersonDirectory personDirectory;

  @Test
  void theAuditNamesPeopleByTheirLatestSignInAndLooksTheNamesUpOncePerPage() throws Exception {
    Caller lead = orgWithExternalId("names", null);
    long orgId = Long.parseLong(row("select id from organization where slug = 'names'").get(0));
    personDirectory.remember(new Caller("it-names", "Nora Oldname", Set.of("names-leads"), false, false));
    personDirectory.remember(new Caller("it-names", "Nora Names", Set.of("names-leads"), false, false));
    tx.begin();
    for (int i = 0; i < 20; i++) {
      auditTrail.ok("names-" + i, orgId, null, "names.test", "event " + i);
    }
    auditTrail.ok("it-names", orgId, null, "names.test", "by the lead");
    tx.commit();
    for (int i = 0; i < 20; i += 2) {
      personDirectory.remember(new Caller("names-" + i, "Person " + i, Set.of(), false, false));
    }

    worker.pause();
    long onePerson;
    long twentyOnePeople;
    try {
      onePerson = selectsDuring(() -> auditTrail.recent(lead, "names", 1));
      twentyOnePeople = selectsDuring(() -> auditTrail.recent(lead, "names", 50));
    } finally {
      worker.resume();
    }

    assertEquals(onePerson, twentyOnePeople, "names are looked up per row");
    java.util.Map<String, String> who = auditTrail.recent(lead, "names", 50).stream().collect(
        java.util.stream.Collectors.toMap(e -> e.event().detail(), e -> e.who().label()));
    assertEquals(21, who.size());
    assertEquals("Nora Names (it-names)", who.get("by the lead"));
    assertEquals("Person 4 (names-4)", who.get("event 4"));
    assertEquals("names-5", who.get("event 5"));
    assertEquals(List.of("1", "Nora Names"),
        row("select count(*), max(display_name) from person where subject = 'it-names'"));
    SQLException update = assertThrows(SQLException.class,
        () -> execute("update audit_event set actor = 'someone-else' where actor = 'it-names'"));
    assertTrue(update.getMessage().contains("append-only"), update.getMessage());
  }
}
