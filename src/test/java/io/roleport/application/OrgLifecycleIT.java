package io.roleport.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.WorkerSwitch;
import io.roleport.application.onboarding.AwsOnboardingService;
import io.roleport.application.organizations.AccountAccessService;
import io.roleport.application.organizations.MappingService;
import io.roleport.application.organizations.MoveService;
import io.roleport.application.organizations.OrgLifecycleService;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.AzureAuthMode;
import io.roleport.domain.AzureClientId;
import io.roleport.domain.AzureSubscriptionId;
import io.roleport.domain.AzureTenantId;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.ConsoleRole;
import io.roleport.domain.DomainException;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.IsvRequest;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.RoleArn;
import io.roleport.domain.Slug;
import io.roleport.testenv.Deployments;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue #15 inside the deployed application (Payara Micro, MariaDB): ISV organizations without SQL, the way out of a
 * permanent binding (rename, archive, move) and the account access links, each rule through the services and, where
 * the database guards it too, through SQL. Organizations are named {@code zz-lc-...} (after the demo data's).
 */
@ExtendWith(ArquillianExtension.class)
class OrgLifecycleIT {
  private static final Caller OPERATOR = new Caller("it-lc-operator", "it-lc-operator", Set.of(), true, false);
  private static final Caller SUPPORT = new Caller("it-lc-support", "it-lc-support", Set.of(), false, true);
  private static final Caller STRANGER = new Caller("it-lc-stranger", "it-lc-stranger", Set.of("zz-lc-nobody"), false,
      false);

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(OrgLifecycleIT.class);
  }

  @Inject OrgLifecycleService lifecycle;
  @Inject MoveService moves;
  @Inject AccountAccessService accountAccess;
  @Inject OrganizationService organizationService;
  @Inject MappingService mappings;
  @Inject ClusterService clusters;
  @Inject AwsOnboardingService awsOnboarding;
  @Inject AuditTrail audit;
  @Inject OrganizationRepository organizations;
  @Inject WorkerSwitch worker;
  @Inject UserTransaction tx;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @BeforeEach
  void pauseWorker() {
    worker.pause(); // the clusters these tests ask for need not be built
  }

  @AfterEach
  void settleAndResume() throws SQLException {
    // nothing of these tests is left for a later deployment's worker to build
    execute("update operation set status = 'FAILED', finished_at = UTC_TIMESTAMP(6) where status in ('PENDING', 'RUNNING')"
        + " and cluster_id in (select c.id from cluster c join organization o on o.id = c.org_id where o.slug like 'zz-lc-%')");
    worker.resume();
  }

  @Test
  void anOperatorApprovesAnIsvRequestAndOnlyThenTheOrganizationOnboardsThirdParties() throws Exception {
    Caller admin = org("zz-lc-isvreq", OrgKind.TEAM, null);
    Caller member = mapped("zz-lc-isvreq", OrgRole.MEMBER);

    assertRefused("isv.request.reason.invalid", () -> lifecycle.requestIsv(admin, "zz-lc-isvreq", "short"));
    assertRefused("access.notOrgAdmin", () -> lifecycle.requestIsv(member, "zz-lc-isvreq", "we onboard partners"));
    assertRefused("org.parent.notIsv",
        () -> organizationService.createThirdParty(admin, "zz-lc-isvreq", "Partner", "zz-lc-partner", "partner-users"));
    IsvRequest request = lifecycle.requestIsv(admin, "zz-lc-isvreq", "We host three partners in their own accounts");
    assertRefused("isv.request.pending", () -> lifecycle.requestIsv(admin, "zz-lc-isvreq", "once more, please now"));
    assertTrue(lifecycle.pendingRequests(OPERATOR).stream().anyMatch(r -> r.id().equals(request.id())));
    assertTrue(lifecycle.pendingRequests(SUPPORT).stream().anyMatch(r -> r.id().equals(request.id())), "support reads");
    assertThrows(NotFoundException.class, () -> lifecycle.pendingRequests(admin), "not an operator's list for others");

    assertRefused("access.notOperator", () -> lifecycle.decide(SUPPORT, request.id(), true, null));
    assertRefused("access.notOperator", () -> lifecycle.decide(admin, request.id(), true, null));
    assertThrows(NotFoundException.class, () -> lifecycle.decide(STRANGER, request.id(), true, null));
    assertEquals(List.of("TEAM"), row("select kind from organization where slug = 'zz-lc-isvreq'"));

    lifecycle.decide(OPERATOR, request.id(), true, "approved for the partner programme");

    assertEquals(List.of("ISV", "APPROVED", "it-lc-operator"), row("select o.kind, r.decision, r.decided_by from"
        + " isv_request r join organization o on o.id = r.org_id where o.slug = 'zz-lc-isvreq'"));
    assertRefused("isv.request.decided", () -> lifecycle.decide(OPERATOR, request.id(), false, null));
    assertThrows(SQLException.class, () -> execute("update isv_request set decision = 'DECLINED' where id = "
        + request.id()), "a decision is final in the database too");
    Organization partner = organizationService.createThirdParty(admin, "zz-lc-isvreq", "Partner", "zz-lc-partner",
        "zz-lc-partner-users");
    assertEquals(OrgKind.THIRD_PARTY, partner.kind());
    assertRefused("org.team.hasThirdParties", () -> lifecycle.setKind(OPERATOR, "zz-lc-isvreq", OrgKind.TEAM));
    assertEquals(List.of("org.isv.requested:REFUSED", "org.isv.requested:REFUSED", "org.isv.requested:OK",
        "org.isv.requested:REFUSED", "org.isv.approved:REFUSED", "org.isv.approved:REFUSED", "org.isv.approved:OK",
        "org.team.made:REFUSED"), auditOf("zz-lc-isvreq", "org.isv.requested", "org.isv.approved", "org.team.made"));
  }

  @Test
  void anOperatorMakesAnIsvAndBackWhileItHasNoThirdParties() throws Exception {
    Caller admin = org("zz-lc-kind", OrgKind.TEAM, null);
    assertRefused("access.notOperator", () -> lifecycle.setKind(admin, "zz-lc-kind", OrgKind.ISV));
    lifecycle.setKind(OPERATOR, "zz-lc-kind", OrgKind.ISV);
    assertRefused("org.isv.already", () -> lifecycle.setKind(OPERATOR, "zz-lc-kind", OrgKind.ISV));
    lifecycle.setKind(OPERATOR, "zz-lc-kind", OrgKind.TEAM);
    assertEquals(List.of("TEAM"), row("select kind from organization where slug = 'zz-lc-kind'"));
    assertEquals(List.of("org.isv.made:REFUSED", "org.isv.made:OK", "org.isv.made:REFUSED", "org.team.made:OK"),
        auditOf("zz-lc-kind", "org.isv.made", "org.team.made"));
  }

  @Test
  void anIsvThatRequiresABindingKeepsItsUnboundThirdPartiesOutOfTheDefaultAccount() throws Exception {
    Caller isvAdmin = org("zz-lc-isvbind", OrgKind.ISV, null);
    organizationService.createThirdParty(isvAdmin, "zz-lc-isvbind", "Bound later", "zz-lc-tpbind", "zz-lc-tpbind-users");
    Caller isvMember = mapped("zz-lc-isvbind", OrgRole.MEMBER);

    Cluster first = clusters.create(isvAdmin, "zz-lc-tpbind", spec("before-rule"));
    assertEquals("DEFAULT_ACCOUNT", first.placementKind().name(), "without the rule: the default account");

    assertRefused("access.notOrgAdmin", () -> lifecycle.requireThirdPartiesToBind(isvMember, "zz-lc-isvbind", true));
    lifecycle.requireThirdPartiesToBind(isvAdmin, "zz-lc-isvbind", true);
    assertRefused("cluster.thirdParty.bindFirst", () -> clusters.create(isvAdmin, "zz-lc-tpbind", spec("after-rule")));
    assertEquals(List.of("1"), row("select count(*) from cluster c join organization o on o.id = c.org_id"
        + " where o.slug = 'zz-lc-tpbind'"), "nothing was stored");
    assertEquals(List.of("org.isv.bindingRule:REFUSED", "org.isv.bindingRule:OK"),
        auditOf("zz-lc-isvbind", "org.isv.bindingRule"));
    assertEquals(List.of("cluster.create.requested:OK", "cluster.create.requested:REFUSED"),
        auditOf("zz-lc-tpbind", "cluster.create.requested"));
  }

  @Test
  void renameChangesTheDisplayNameOnly() throws Exception {
    Caller admin = org("zz-lc-rename", OrgKind.TEAM, null);
    Caller member = mapped("zz-lc-rename", OrgRole.MEMBER);
    List<String> before = row("select slug, external_id from organization where slug = 'zz-lc-rename'");

    assertRefused("org.name.invalid", () -> lifecycle.rename(admin, "zz-lc-rename", "  "));
    assertRefused("org.name.invalid", () -> lifecycle.rename(admin, "zz-lc-rename", "x".repeat(101)));
    assertRefused("access.notOrgAdmin", () -> lifecycle.rename(member, "zz-lc-rename", "By a member"));
    lifecycle.rename(admin, "zz-lc-rename", "  Renamed Team  ");

    assertEquals(List.of("Renamed Team"), row("select name from organization where slug = 'zz-lc-rename'"));
    assertEquals(before, row("select slug, external_id from organization where name = 'Renamed Team'"));
    assertThrows(SQLException.class, () -> execute("update organization set slug = 'zz-lc-other' where slug ="
        + " 'zz-lc-rename'"), "the slug never changes, not even through SQL");
    assertEquals(List.of("org.renamed:REFUSED", "org.renamed:REFUSED", "org.renamed:REFUSED", "org.renamed:OK"),
        auditOf("zz-lc-rename", "org.renamed"));
  }

  @Test
  void anArchivedOrganizationRefusesEveryWriteKeepsItsAuditAndItsSlug() throws Exception {
    Caller admin = org("zz-lc-arch", OrgKind.TEAM, null);
    Caller viewer = mapped("zz-lc-arch", OrgRole.VIEWER);
    Cluster live = clusters.create(admin, "zz-lc-arch", spec("still-here"));

    assertRefused("org.archive.confirm", () -> lifecycle.archive(admin, "zz-lc-arch", "zz-lc-other"));
    assertRefused("access.notOrgAdmin", () -> lifecycle.archive(viewer, "zz-lc-arch", "zz-lc-arch"));
    assertRefused("org.archive.liveClusters", () -> lifecycle.archive(admin, "zz-lc-arch", "zz-lc-arch"));
    assertEquals(List.of("0"), row("select count(*) from organization where slug = 'zz-lc-arch' and archived_at is not null"));
    // the cluster's deletion finished (as the worker records it)
    execute("update operation set status = 'FAILED', finished_at = UTC_TIMESTAMP(6) where cluster_id = " + live.id());
    execute("update cluster set status = 'DELETED', live_name = null where id = " + live.id());

    lifecycle.archive(admin, "zz-lc-arch", "zz-lc-arch");

    assertRefused("org.archived", () -> lifecycle.rename(admin, "zz-lc-arch", "New name"));
    assertRefused("org.archived", () -> lifecycle.archive(admin, "zz-lc-arch", "zz-lc-arch"));
    assertRefused("org.archived", () -> lifecycle.requestIsv(admin, "zz-lc-arch", "an archived org asks for it"));
    assertRefused("org.archived", () -> clusters.create(admin, "zz-lc-arch", spec("after-archive")));
    assertRefused("org.archived", () -> mappings.add(admin, "zz-lc-arch", "zz-lc-more", OrgRole.VIEWER));
    assertRefused("org.archived", () -> awsOnboarding.validate(admin, "zz-lc-arch",
        "arn:aws:iam::777777777777:role/RoleportAutomation", "arn:aws:iam::777777777777:role/RoleportSupport"));
    assertRefused("org.archived", () -> moves.start(admin, "zz-lc-arch", "Successor", "zz-lc-arch-next"));
    assertRefused("org.archived", () -> lifecycle.setKind(OPERATOR, "zz-lc-arch", OrgKind.ISV));
    assertRefused("org.slug.taken", () -> organizationService.create(admin, "Again", "zz-lc-arch", "zz-lc-arch-admins"));
    assertEquals(List.of("0"), row("select count(*) from cluster c join organization o on o.id = c.org_id"
        + " where o.slug = 'zz-lc-arch' and c.status <> 'DELETED'"));

    // still readable: the page and the audit trail, with the archive and the refusals in it
    assertTrue(organizationService.overview(viewer, "zz-lc-arch").archived());
    List<String> actions = audit.recent(admin, "zz-lc-arch", 50).stream()
        .map(e -> e.event().action() + ":" + e.event().outcome()).toList();
    assertTrue(actions.contains("org.archived:OK") && actions.contains("cluster.create.requested:REFUSED"),
        actions.toString());
    // out of the default list, in the list with archived ones
    assertFalse(organizationService.page(admin, 0, 50).stream().anyMatch(o -> o.slug().equals("zz-lc-arch")));
    assertTrue(lifecycle.pageWithArchived(admin, 0, 50).stream().anyMatch(o -> o.slug().equals("zz-lc-arch")));
    assertEquals(organizationService.count(admin) + 1, lifecycle.countWithArchived(admin));
    // the database keeps it so
    assertThrows(SQLException.class, () -> execute("update organization set archived_at = null, archived_by = null"
        + " where slug = 'zz-lc-arch'"));
    assertThrows(SQLException.class, () -> execute("update organization set name = 'Back' where slug = 'zz-lc-arch'"));
    String archivedId = rows("select id from organization where slug = 'zz-lc-arch'").get(0);
    SQLException noCluster = assertThrows(SQLException.class, () -> execute("insert into cluster (org_id, name,"
        + " live_name, provider, region, kubernetes_version, instance_type, node_count, status, placement_account,"
        + " placement_kind, created_by, created_at, status_changed_at) values (" + archivedId + ", 'sql', 'sql', 'AWS',"
        + " 'eu-west-1', '1.33', 'm6i.large', 1, 'CREATING', '111111111111', 'DEFAULT_ACCOUNT', 'sql', UTC_TIMESTAMP(6),"
        + " UTC_TIMESTAMP(6))"));
    assertTrue(noCluster.getMessage().contains("archived"), noCluster.getMessage());
  }

  @Test
  void anIsvIsArchivedOnlyAfterItsThirdParties() throws Exception {
    Caller admin = org("zz-lc-isvarch", OrgKind.ISV, null);
    organizationService.createThirdParty(admin, "zz-lc-isvarch", "Partner", "zz-lc-isvarch-tp", "zz-lc-isvarch-users");
    assertRefused("org.archive.thirdParties", () -> lifecycle.archive(admin, "zz-lc-isvarch", "zz-lc-isvarch"));
    lifecycle.archive(admin, "zz-lc-isvarch-tp", "zz-lc-isvarch-tp");
    lifecycle.archive(admin, "zz-lc-isvarch", "zz-lc-isvarch");
    assertEquals(List.of("2"), row("select count(*) from organization where slug like 'zz-lc-isvarch%'"
        + " and archived_at is not null"));
  }

  @Test
  void moveCreatesANewOrganizationWithTheMappingsAndRecreatesClustersThroughTheNormalPath() throws Exception {
    Caller admin = org("zz-lc-old", OrgKind.TEAM, null);
    Caller member = mapped("zz-lc-old", OrgRole.MEMBER);
    Cluster old = clusters.create(admin, "zz-lc-old", new ClusterSpec(new ClusterName("web"), "eu-central-1", "1.32",
        "m6i.xlarge", 3));
    Cluster gone = clusters.create(admin, "zz-lc-old", spec("gone"));
    execute("update operation set status = 'FAILED', finished_at = UTC_TIMESTAMP(6) where cluster_id = " + gone.id());
    execute("update cluster set status = 'DELETED', live_name = null where id = " + gone.id());

    assertRefused("access.notOrgAdmin", () -> moves.start(member, "zz-lc-old", "New", "zz-lc-new"));
    assertRefused("org.slug.taken", () -> moves.start(admin, "zz-lc-old", "New", "zz-lc-old"));
    assertRefused("org.slug.invalid", () -> moves.start(admin, "zz-lc-old", "New", "NO SPACES"));
    assertThrows(NotFoundException.class, () -> moves.start(STRANGER, "zz-lc-old", "New", "zz-lc-stranger"));

    Organization moved = moves.start(admin, "zz-lc-old", "The new one", "zz-lc-new");
    assertRefused("org.move.already", () -> moves.start(admin, "zz-lc-old", "Again", "zz-lc-again"));
    assertEquals(List.of("zz-lc-new"), row("select n.slug from organization o join organization n on n.id ="
        + " o.replaced_by_id where o.slug = 'zz-lc-old'"));
    assertThrows(SQLException.class, () -> execute("update organization set replaced_by_id = null where slug ="
        + " 'zz-lc-old'"), "the successor is recorded for good");

    assertEquals(mappingsOf("zz-lc-old"), mappingsOf("zz-lc-new"), "all group mappings carried over");
    assertNotEquals(row("select external_id from organization where slug = 'zz-lc-old'"),
        row("select external_id from organization where slug = 'zz-lc-new'"), "a new ExternalId");
    assertEquals(List.of("zz-lc-old", "TEAM"), row("select f.slug, n.kind from organization n join organization f"
        + " on f.id = n.moved_from_id where n.slug = 'zz-lc-new'"));
    var access = organizationService.overview(member, "zz-lc-new"); // the member sees it at once
    assertEquals(moved.id(), access.organization().id());
    List<MoveService.Candidate> candidates = moves.candidates(member, "zz-lc-new");
    assertEquals(List.of("web:false"), candidates.stream().map(c -> c.cluster().name() + ":" + c.recreated()).toList(),
        "the live clusters only");

    Cluster recreated = moves.recreate(member, "zz-lc-new", old.id());

    assertEquals(List.of("web", "eu-central-1", "1.32", "m6i.xlarge", "3", "CREATING"), row("select c.name, c.region,"
        + " c.kubernetes_version, c.instance_type, c.node_count, c.status from cluster c join organization o on"
        + " o.id = c.org_id where o.slug = 'zz-lc-new' and c.id = " + recreated.id()));
    assertEquals(List.of("CREATING"), row("select status from cluster where id = " + old.id()), "the old one stays");
    assertEquals(List.of("web:true"), moves.candidates(member, "zz-lc-new").stream()
        .map(c -> c.cluster().name() + ":" + c.recreated()).toList());
    assertRefused("cluster.name.taken", () -> moves.recreate(member, "zz-lc-new", old.id()));
    assertThrows(NotFoundException.class, () -> moves.recreate(member, "zz-lc-new", gone.id()), "a deleted cluster");
    assertThrows(NotFoundException.class, () -> moves.recreate(STRANGER, "zz-lc-new", old.id()));
    Caller otherAdmin = org("zz-lc-elsewhere", OrgKind.TEAM, null);
    Cluster foreign = clusters.create(otherAdmin, "zz-lc-elsewhere", spec("foreign"));
    assertThrows(NotFoundException.class, () -> moves.recreate(member, "zz-lc-new", foreign.id()),
        "a cluster of another organization");
    assertThrows(NotFoundException.class, () -> moves.recreate(admin, "zz-lc-old", old.id()),
        "the old organization replaced none");
    assertEquals(List.of("org.move.started:REFUSED", "org.move.started:REFUSED", "org.move.started:REFUSED",
        "org.move.started:OK", "org.move.started:REFUSED", "org.move.clusterRecreated:OK"), auditOf("zz-lc-old", "org.move.started",
        "org.move.clusterRecreated"));
    assertEquals(List.of("org.created:OK", "cluster.create.requested:OK", "cluster.create.requested:REFUSED"),
        auditOf("zz-lc-new", "org.created", "cluster.create.requested"));
  }

  @Test
  void accessLinksFollowTheGroupMappingsAndShowTheExternalIdOnlyToAdministrators() throws Exception {
    Caller admin = org("zz-lc-acc", OrgKind.TEAM, "888888888888");
    Caller member = mapped("zz-lc-acc", OrgRole.MEMBER);
    Caller viewer = mapped("zz-lc-acc", OrgRole.VIEWER);
    String externalId = row("select external_id from organization where slug = 'zz-lc-acc'").get(0);

    assertRefused("console.role.otherAccount", () -> accountAccess.addRole(admin, "zz-lc-acc", OrgRole.VIEWER,
        "arn:aws:iam::999999999999:role/ReadOnly", false));
    assertRefused("console.role.roleportsOwn", () -> accountAccess.addRole(admin, "zz-lc-acc", OrgRole.ORG_ADMIN,
        "arn:aws:iam::888888888888:role/RoleportAutomation", false));
    assertRefused("console.role.externalIdAdminsOnly", () -> accountAccess.addRole(admin, "zz-lc-acc", OrgRole.MEMBER,
        "arn:aws:iam::888888888888:role/Developer", true));
    assertRefused("console.role.tooLong", () -> accountAccess.addRole(admin, "zz-lc-acc", OrgRole.VIEWER,
        "arn:aws:iam::888888888888:role/" + "p".repeat(40) + "/" + "R".repeat(30), false));
    assertRefused("aws.roleArn.invalid", () -> accountAccess.addRole(admin, "zz-lc-acc", OrgRole.VIEWER, "ReadOnly",
        false));
    assertRefused("access.notOrgAdmin", () -> accountAccess.addRole(member, "zz-lc-acc", OrgRole.VIEWER,
        "arn:aws:iam::888888888888:role/ReadOnly", false));
    accountAccess.addRole(admin, "zz-lc-acc", OrgRole.VIEWER, "arn:aws:iam::888888888888:role/teams/Read+Only@x", false);
    accountAccess.addRole(admin, "zz-lc-acc", OrgRole.MEMBER, "arn:aws:iam::888888888888:role/Developer", false);
    ConsoleRole adminRole = accountAccess.addRole(admin, "zz-lc-acc", OrgRole.ORG_ADMIN,
        "arn:aws:iam::888888888888:role/BreakGlass", true);
    assertRefused("console.role.exists", () -> accountAccess.addRole(admin, "zz-lc-acc", OrgRole.MEMBER,
        "arn:aws:iam::888888888888:role/Developer", false));

    var forViewer = accountAccess.access(viewer, "zz-lc-acc");
    var forMember = accountAccess.access(member, "zz-lc-acc");
    var forAdmin = accountAccess.access(admin, "zz-lc-acc");
    var forOperator = accountAccess.access(OPERATOR, "zz-lc-acc");

    assertEquals(List.of("Read+Only@x"), roleNames(forViewer));
    assertEquals(List.of("Developer", "Read+Only@x"), roleNames(forMember));
    assertEquals(List.of("BreakGlass", "Developer", "Read+Only@x"), roleNames(forAdmin));
    assertEquals(List.of(), roleNames(forOperator), "an operator's sight of every organization is not a mapping");
    assertTrue(forOperator.mappedRoles().isEmpty());
    AccountAccessService.Link read = forViewer.links().get(0);
    assertEquals("https://signin.aws.amazon.com/switchrole?account=888888888888&roleName=teams%2FRead%2BOnly%40x"
        + "&displayName=zz-lc-acc%20Read%2BOnly%40x", read.switchRoleUrl());
    assertEquals("[profile zz-lc-acc-Read-Only-x]\nrole_arn = arn:aws:iam::888888888888:role/teams/Read+Only@x\n"
        + "source_profile = default\nrole_session_name = it-zz-lc-acc-viewer\n", read.cliProfile());
    AccountAccessService.Link breakGlass = forAdmin.links().stream()
        .filter(l -> l.role().id().equals(adminRole.id())).findFirst().orElseThrow();
    assertNull(breakGlass.switchRoleUrl(), "Switch Role cannot send an ExternalId");
    assertTrue(breakGlass.cliProfile().contains("external_id = " + externalId + "\n"), breakGlass.cliProfile());
    for (var shown : List.of(forViewer, forMember, forOperator)) {
      assertFalse(shown.links().stream().anyMatch(l -> l.cliProfile().contains(externalId)));
      assertTrue(shown.all().isEmpty(), "only administrators get the list to manage");
    }
    assertEquals(3, forAdmin.all().size());
    assertTrue(forAdmin.canManage());
    assertFalse(forMember.canManage());
    assertThrows(NotFoundException.class, () -> accountAccess.access(STRANGER, "zz-lc-acc"));
    assertThrows(SQLException.class, () -> execute("insert into console_role (org_id, org_role, role_arn,"
        + " needs_external_id, added_by, added_at) select id, 'VIEWER', 'arn:aws:iam::888888888888:role/Sql', true,"
        + " 'sql', UTC_TIMESTAMP(6) from organization where slug = 'zz-lc-acc'"), "the database keeps the ExternalId"
        + " for administrators too");

    Caller otherAdmin = org("zz-lc-acc2", OrgKind.TEAM, "888888888887");
    assertThrows(NotFoundException.class, () -> accountAccess.removeRole(otherAdmin, "zz-lc-acc2", adminRole.id()),
        "another organization's role id");
    assertRefused("access.notOrgAdmin", () -> accountAccess.removeRole(member, "zz-lc-acc", adminRole.id()));
    accountAccess.removeRole(admin, "zz-lc-acc", adminRole.id());
    assertEquals(List.of("Developer", "Read+Only@x"), roleNames(accountAccess.access(admin, "zz-lc-acc")));
    assertEquals(List.of("console.role.added:OK", "console.role.added:OK", "console.role.added:OK",
        "console.role.removed:OK"), auditOf("zz-lc-acc", "console.role.added", "console.role.removed").stream()
        .filter(a -> a.endsWith(":OK")).toList());
  }

  @Test
  void anUnboundOrganizationSaysWhatTheDefaultAccountMeansAndAnAzureOneLinksItsSubscription() throws Exception {
    Caller viewer = org("zz-lc-unbound", OrgKind.TEAM, null);
    var unbound = accountAccess.access(viewer, "zz-lc-unbound");
    assertFalse(unbound.bound());
    assertTrue(unbound.defaultAccountId().matches("\\d{12}"));
    assertRefused("console.noAwsAccount", () -> accountAccess.addRole(viewer, "zz-lc-unbound", OrgRole.VIEWER,
        "arn:aws:iam::888888888888:role/ReadOnly", false));

    Caller azureAdmin = org("zz-lc-azure", OrgKind.TEAM, null);
    tx.begin();
    Organization org = organizations.findBySlug("zz-lc-azure").orElseThrow();
    org.bindAzure(new AzureTenantId("11111111-2222-3333-4444-555555555555"),
        new AzureSubscriptionId("66666666-7777-8888-9999-000000000000"),
        new AzureClientId("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"), AzureAuthMode.FEDERATED, "it", Instant.now());
    tx.commit();
    var azure = accountAccess.access(azureAdmin, "zz-lc-azure");
    assertEquals("https://portal.azure.com/#@11111111-2222-3333-4444-555555555555/resource/subscriptions/"
        + "66666666-7777-8888-9999-000000000000/overview", azure.azurePortalUrl().orElseThrow());
    assertTrue(azure.links().isEmpty());
  }

  @Test
  void everyLifecycleActionAnswersNotFoundToCallersOfOtherOrganizationsAndChangesNothing() throws Exception {
    Caller admin = org("zz-lc-private", OrgKind.TEAM, "888888888886");
    IsvRequest request = lifecycle.requestIsv(admin, "zz-lc-private", "a private reason for this request");
    ConsoleRole role = accountAccess.addRole(admin, "zz-lc-private", OrgRole.VIEWER,
        "arn:aws:iam::888888888886:role/ReadOnly", false);
    List<String> before = row("select name, kind, archived_at, third_parties_must_bind from organization where slug ="
        + " 'zz-lc-private'");
    Caller tp = new Caller("it-lc-tp", "it-lc-tp", Set.of("tailspin-users"), false, false);
    List<String> answered = new ArrayList<>();
    for (Caller c : List.of(STRANGER, tp, Caller.ofThirdPartyProvider("zz-lc-private", "x", "x"))) {
      for (Executable action : List.<Executable>of(
          () -> lifecycle.rename(c, "zz-lc-private", "Stolen"),
          () -> lifecycle.archive(c, "zz-lc-private", "zz-lc-private"),
          () -> lifecycle.requestIsv(c, "zz-lc-private", "a foreign reason for this"),
          () -> lifecycle.decide(c, request.id(), true, null),
          () -> lifecycle.setKind(c, "zz-lc-private", OrgKind.ISV),
          () -> lifecycle.requireThirdPartiesToBind(c, "zz-lc-private", true),
          () -> moves.start(c, "zz-lc-private", "Stolen", "zz-lc-stolen"),
          () -> moves.recreate(c, "zz-lc-private", 1L),
          () -> accountAccess.access(c, "zz-lc-private"),
          () -> accountAccess.addRole(c, "zz-lc-private", OrgRole.VIEWER, "arn:aws:iam::888888888886:role/X", false),
          () -> accountAccess.removeRole(c, "zz-lc-private", role.id()))) {
        try {
          action.execute();
          answered.add(c.subject() + ": allowed");
        } catch (NotFoundException expected) {
          // what every foreign caller gets
        } catch (Throwable other) {
          answered.add(c.subject() + ": " + other);
        }
      }
    }
    assertEquals(List.of(), answered);
    assertEquals(before, row("select name, kind, archived_at, third_parties_must_bind from organization where slug ="
        + " 'zz-lc-private'"));
    assertEquals(List.of("0"), row("select count(*) from organization where slug = 'zz-lc-stolen'"));
    assertEquals(List.of("1"), row("select count(*) from console_role where id = " + role.id()));
    assertEquals(List.of("1"), row("select count(*) from isv_request where id = " + request.id()
        + " and decision is null"));
  }

  // --- fixtures ---

  /** An organization with an administrator group, optionally bound to an AWS account (without validation). */
  private Caller org(String slug, OrgKind kind, String awsAccount) throws Exception {
    tx.begin();
    Organization org = new Organization(new Slug(slug), slug, kind, null,
        ExternalId.generate(new java.security.SecureRandom()), Instant.now());
    if (awsAccount != null) {
      org.bindAws(new RoleArn("arn:aws:iam::" + awsAccount + ":role/RoleportAutomation"),
          new RoleArn("arn:aws:iam::" + awsAccount + ":role/RoleportSupport"), "it", Instant.now());
    }
    organizations.add(org);
    organizations.add(new GroupMapping(org, slug + "-admins", OrgRole.ORG_ADMIN));
    tx.commit();
    return new Caller("it-" + slug + "-admin", "it-" + slug + "-admin", Set.of(slug + "-admins"), false, false);
  }

  /** A group of {@code slug} with {@code role}, and a caller in it. */
  private Caller mapped(String slug, OrgRole role) throws Exception {
    String name = role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    tx.begin();
    organizations.add(new GroupMapping(organizations.findBySlug(slug).orElseThrow(), slug + "-" + name + "s", role));
    tx.commit();
    return new Caller("it-" + slug + "-" + name, "it-" + slug + "-" + name, Set.of(slug + "-" + name + "s"), false,
        false);
  }

  private static ClusterSpec spec(String name) {
    return new ClusterSpec(new ClusterName(name), "eu-west-1", "1.33", "m6i.large", 2);
  }

  private static List<String> roleNames(AccountAccessService.Access access) {
    return access.links().stream().map(l -> l.role().roleArn().roleName()).sorted().toList();
  }

  private static void assertRefused(String key, Executable action) {
    DomainException refused = assertThrows(DomainException.class, action);
    assertEquals(key, refused.key());
  }

  private List<String> mappingsOf(String slug) throws SQLException {
    return rows("select concat(m.group_name, ':', m.role) from group_mapping m join organization o on o.id = m.org_id"
        + " where o.slug = '" + slug + "' order by m.group_name, m.role");
  }

  private List<String> auditOf(String slug, String... actions) throws SQLException {
    return rows("select concat(a.action, ':', a.outcome) from audit_event a join organization o on o.id = a.org_id"
        + " where o.slug = '" + slug + "' and a.action in ('" + String.join("', '", actions) + "') order by a.id");
  }

  private List<String> rows(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
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
}
