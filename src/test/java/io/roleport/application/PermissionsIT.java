package io.roleport.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.WorkerSwitch;
import io.roleport.application.installation.InstallationService;
import io.roleport.application.onboarding.AwsOnboardingService;
import io.roleport.application.onboarding.AzureOnboardingService;
import io.roleport.application.organizations.MappingService;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.application.support.SupportAccessService;
import io.roleport.application.thirdparty.ThirdPartyService;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.DomainException;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.Slug;
import io.roleport.testenv.Deployments;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.FileAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #11: docs/permissions.md and the code agree. The test reads the table of who may do what, and tries every
 * action as every role through the services: "yes" must pass the permission check (it may still fail for a reason
 * of its own, such as an organization without an Azure binding), "no" must be refused with a message, "404" must
 * find nothing. A row without an action here, or a cell the code contradicts, fails.
 */
@ExtendWith(ArquillianExtension.class)
class PermissionsIT {
  private static final String ISV = "zperm";
  private static final String THIRD_PARTY = "zperm-tp";
  /** The refusals that mean "you may not" (anything else means the permission check passed). */
  private static final Set<String> REFUSALS = Set.of("access.notOrgAdmin", "access.cannotManageClusters",
      "support.notSupport", "thirdparty.notIsvAdmin", "access.notOperator");

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(PermissionsIT.class)
        .addAsResource(new FileAsset(io.roleport.testenv.ProjectPaths.resolve("docs/permissions.md").toFile()),
            "permissions.md");
  }

  @Inject OrganizationService organizationService;
  @Inject OrganizationRepository organizations;
  @Inject ClusterService clusters;
  @Inject MappingService mappings;
  @Inject AuditTrail audit;
  @Inject AwsOnboardingService awsOnboarding;
  @Inject AzureOnboardingService azureOnboarding;
  @Inject SupportAccessService support;
  @Inject ThirdPartyService thirdParty;
  @Inject InstallationService installation;
  @Inject io.roleport.application.notifications.WebhookService webhooks;
  @Inject io.roleport.application.orphans.OrphanCheck orphans;
  @Inject WorkerSwitch worker;
  @Inject io.roleport.application.organizations.OrgLifecycleService lifecycle;
  @Inject io.roleport.application.organizations.MoveService moves;
  @Inject io.roleport.application.organizations.AccountAccessService accountAccess;
  @Inject UserTransaction tx;
  @Inject io.roleport.application.access.TenantGuard guard;

  /** What a cell says. */
  enum Expected { YES, NO, NOT_FOUND, NOT_APPLICABLE }

  /** What the code did. */
  enum Outcome { YES, NO, NOT_FOUND }

  @Test
  void everyCellOfThePermissionsTableIsWhatTheCodeDoes() throws Exception {
    fixture();
    Map<String, Caller> roles = new LinkedHashMap<>();
    roles.put("org-admin", caller("it-perm-admin", "zperm-admins"));
    roles.put("member", caller("it-perm-member", "zperm-members"));
    roles.put("viewer", caller("it-perm-viewer", "zperm-viewers"));
    roles.put("third-party", caller("it-perm-tp", "zperm-tp-users"));
    roles.put("platform-admin", new Caller("it-perm-operator", "it-perm-operator", Set.of(), true, false));
    roles.put("support", new Caller("it-perm-support", "it-perm-support", Set.of(), false, true));
    roles.put("anyone else", caller("it-perm-stranger", "zperm-nobody"));

    AtomicInteger n = new AtomicInteger();
    Map<String, Action> actions = new LinkedHashMap<>();
    actions.put("see the organization, its clusters and placement", (role, c) -> {
      if (role.equals("third-party")) {
        thirdParty.view(c, THIRD_PARTY);
        thirdParty.clusters(c, THIRD_PARTY);
      } else {
        organizationService.overview(c, ISV);
        clusters.page(c, ISV, 0, 5);
        clusters.placements(c, ISV);
      }
    });
    actions.put("create and delete clusters", (role, c) -> clusters.create(c, org(role), spec("p-" + n.incrementAndGet())));
    actions.put("scale and upgrade clusters, add and remove node groups, retry a failed operation, refresh a cluster "
        + "from the cloud", (role, c) -> {
      List<Action> calls = List.of(
          (r, x) -> clusters.scale(x, org(r), day2Cluster, new io.roleport.domain.NodeScaling(1, 2, 3)),
          (r, x) -> clusters.upgrade(x, org(r), day2Cluster, "1.34"),
          (r, x) -> clusters.addNodeGroup(x, org(r), day2Cluster, "zperm-extra", "m6i.large", 1, 1, 2),
          (r, x) -> clusters.removeNodeGroup(x, org(r), day2Cluster, day2FirstGroup),
          (r, x) -> clusters.retry(x, org(r), day2Cluster),
          (r, x) -> clusters.refresh(x, org(r), day2Cluster));
      for (Action call : calls) { // each is tried: a refusal ends the cell, a reason of the call's own does not
        try {
          call.run(role, c);
        } catch (DomainException e) {
          if (REFUSALS.contains(e.key())) {
            throw e;
          }
        }
      }
    });
    actions.put("see a cluster's node groups", (role, c) -> {
      if (role.equals("third-party")) {
        assertFalse(thirdParty.nodeGroups(c, THIRD_PARTY, tpCluster).isEmpty(), "the third party's cluster's groups");
      } else {
        tx.begin();
        try {
          assertFalse(clusters.nodeGroups(guard.require(c, ISV), day2Cluster).isEmpty(), "the ISV cluster's groups");
        } finally {
          tx.rollback();
        }
      }
    });
    actions.put("set the cloud binding (once)", (role, c) -> awsOnboarding.validate(c, org(role),
        "arn:aws:iam::777777777777:role/Nothing", "arn:aws:iam::777777777777:role/Nothing"));
    actions.put("rotate the Azure client secret", (role, c) -> azureOnboarding.rotateSecret(c, org(role), "s", null));
    actions.put("map groups to roles", (role, c) -> {
      GroupMapping added = mappings.add(c, org(role), "zperm-extra-" + n.incrementAndGet(), OrgRole.VIEWER);
      mappings.remove(c, org(role), added.id());
    });
    actions.put("read the organization's audit trail", (role, c) -> audit.recent(c, org(role), 5));
    actions.put("open a support console session (15-60 min, with a reason)",
        (role, c) -> support.open(c, org(role), "permissions test", 15));
    actions.put("see support sessions of the organization", (role, c) -> {
      if (role.equals("third-party")) {
        support.recentForThirdParty(c, THIRD_PARTY);
      } else {
        support.recent(c, ISV);
      }
    });
    actions.put("onboard a third party (ISV organizations) and register its own identity provider",
        (role, c) -> organizationService.createThirdParty(c, org(role), "TP", "zperm-new-" + n.incrementAndGet(),
            "zperm-new-users-" + n.get()));
    actions.put("inventory of all organizations (`/admin/orgs`)", (role, c) -> installation.inventory(c, 0, 5));
    actions.put("audit across organizations (`/admin/audit`)", (role, c) -> installation.audit(c, 5));
    // issue #15; none of these changes the ISV for the rows after it: each allowed try stops for a reason of its own
    // (live clusters, an ISV cannot move, an ISV already, no AWS account) or sets what was set
    actions.put("rename the organization (display name only; never the slug or ExternalId)",
        (role, c) -> lifecycle.rename(c, org(role), "Permissions ISV"));
    actions.put("archive the organization once no cluster lives in it (read-only afterwards)",
        (role, c) -> lifecycle.archive(c, org(role), org(role)));
    actions.put("move to a new organization (new slug and ExternalId, same group mappings, clusters recreated on request)",
        (role, c) -> moves.start(c, org(role), "Moved", "zperm-moved-" + n.incrementAndGet()));
    actions.put("ask for the organization to become an ISV (with a reason)",
        (role, c) -> lifecycle.requestIsv(c, org(role), "permissions test reason"));
    actions.put("decide ISV requests, make an organization an ISV or a team again (`/admin/isv-requests`)",
        (role, c) -> lifecycle.setKind(c, org(role), OrgKind.ISV));
    actions.put("require third parties to bind their own account before clusters (ISV organizations)",
        (role, c) -> lifecycle.requireThirdPartiesToBind(c, org(role), false));
    actions.put("open the account access page (`/orgs/{slug}/access`: links for the roles one's own groups hold)",
        (role, c) -> accountAccess.access(c, org(role)));
    actions.put("choose the account roles offered on the access page", (role, c) -> accountAccess.addRole(c, org(role),
        OrgRole.VIEWER, "arn:aws:iam::777777777777:role/Nothing", false));
    // --- operator views (issue #15) ---
    actions.put("all clusters across organizations, and those still in the default account (`/admin/clusters`)",
        (role, c) -> {
          installation.clusters(c, io.roleport.application.installation.ClusterFilter.NONE,
              io.roleport.application.installation.ClusterSort.NEWEST_FIRST, 0, 5);
          installation.defaultAccount(c, false, 0, 5);
        });
    actions.put("register, rotate and remove the organization's webhook", (role, c) -> {
      // a refusal of its own (http URL, no webhook yet) after the permission check passed changes nothing
      expectRefusal(() -> webhooks.register(c, org(role), "http://127.0.0.1/not-https"));
      expectRefusal(() -> webhooks.rotate(c, org(role)));
      expectRefusal(() -> webhooks.remove(c, org(role)));
    });
    actions.put("see the organization's webhook and its delivery log", (role, c) -> webhooks.view(c, org(role)));
    // a read only: starting a scan here would leave one running for the classes after this one
    actions.put("run the orphan check and delete what it finds (`/admin/orphans`)", (role, c) -> {
      orphans.latest(c);
      orphans.countFindings(c, 0);
    });

    List<String> columns = new ArrayList<>();
    List<String> disagreements = new ArrayList<>();
    int cells = 0;
    worker.pause(); // the clusters the allowed roles create need not be built
    try {
      for (List<String> row : table()) {
        if (columns.isEmpty()) {
          columns.addAll(row.subList(1, row.size()));
          assertEquals(List.copyOf(roles.keySet()), columns, "the table's columns are the roles");
          continue;
        }
        String label = row.get(0);
        if (label.startsWith("create an organization")) {
          Caller anyone = roles.get("anyone else");
          assertEquals("zperm-own", organizationService.create(anyone, "Own", "zperm-own", "zperm-nobody").slug(),
              "any signed-in user creates an organization administered by one of their own groups");
          cells++;
          continue;
        }
        Action action = actions.get(label);
        assertTrue(action != null, "docs/permissions.md has a row this test does not know: '" + label + "'");
        for (int i = 0; i < columns.size(); i++) {
          String role = columns.get(i);
          Expected expected = expected(row.get(i + 1));
          if (expected == Expected.NOT_APPLICABLE) {
            continue;
          }
          Outcome actual = attempt(action, role, roles.get(role));
          cells++;
          if (!matches(expected, actual)) {
            disagreements.add("'" + label + "' as " + role + ": the table says " + row.get(i + 1) + ", the code answers "
                + actual);
          }
        }
      }
    } finally {
      worker.resume();
    }
    assertEquals(List.of(), disagreements);
    assertTrue(cells >= 70, "read " + cells + " cells");
  }

  @FunctionalInterface
  interface Action {
    void run(String role, Caller caller) throws Exception;

    /** One step of an action. */
    @FunctionalInterface
    interface Step {
      void run();
    }
  }

  /** Runs a webhook action that must end in a refusal; a permission refusal or 404 is rethrown as it is. */
  private static void expectRefusal(Action.Step step) {
    try {
      step.run();
    } catch (DomainException e) {
      if (REFUSALS.contains(e.key())) {
        throw e;
      }
      return;
    }
    throw new AssertionError("the webhook action was expected to stop at its own check");
  }

  /** The organization a role's actions are tried in: the third party's own, or the ISV for everyone else. */
  private static String org(String role) {
    return role.equals("third-party") ? THIRD_PARTY : ISV;
  }

  private static Outcome attempt(Action action, String role, Caller caller) {
    try {
      action.run(role, caller);
      return Outcome.YES;
    } catch (NotFoundException e) {
      return Outcome.NOT_FOUND;
    } catch (DomainException e) {
      return REFUSALS.contains(e.key()) ? Outcome.NO : Outcome.YES; // allowed, then stopped for a reason of its own
    } catch (Exception e) {
      throw new AssertionError(role + ": " + e, e);
    }
  }

  private static boolean matches(Expected expected, Outcome actual) {
    return switch (expected) {
      case YES -> actual == Outcome.YES;
      case NO -> actual == Outcome.NO;
      case NOT_FOUND -> actual == Outcome.NOT_FOUND;
      case NOT_APPLICABLE -> true;
    };
  }

  /** yes / own area / any ... : allowed; no ...: refused; 404: not found; -: not an organization role's action. */
  static Expected expected(String cell) {
    String c = cell.strip().toLowerCase(Locale.ROOT);
    if (c.equals("-")) {
      return Expected.NOT_APPLICABLE;
    }
    if (c.startsWith("404")) {
      return Expected.NOT_FOUND;
    }
    if (c.startsWith("no")) {
      return Expected.NO;
    }
    if (c.startsWith("yes") || c.startsWith("own")) {
      return Expected.YES;
    }
    throw new AssertionError("a cell of docs/permissions.md this test cannot read: '" + cell + "'");
  }

  /** The first table of docs/permissions.md, row by row (header first), without the separator line. */
  private static List<List<String>> table() throws IOException {
    String doc;
    try (InputStream in = PermissionsIT.class.getResourceAsStream("/permissions.md")) {
      doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<List<String>> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : doc.split("\n")) {
      if (line.startsWith("|")) {
        inTable = true;
        if (!line.startsWith("|---")) {
          List<String> cells = new ArrayList<>();
          for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) {
            cells.add(cell.strip());
          }
          rows.add(cells);
        }
      } else if (inTable) {
        break;
      }
    }
    return rows;
  }

  /** The ISV with a group per role, and its third party with its users' group. */
  private void fixture() throws Exception {
    tx.begin();
    Organization isv = new Organization(new Slug(ISV), "Permissions ISV", OrgKind.ISV, null,
        ExternalId.generate(new java.security.SecureRandom()), Instant.now());
    organizations.add(isv);
    organizations.add(new GroupMapping(isv, "zperm-admins", OrgRole.ORG_ADMIN));
    organizations.add(new GroupMapping(isv, "zperm-members", OrgRole.MEMBER));
    organizations.add(new GroupMapping(isv, "zperm-viewers", OrgRole.VIEWER));
    tx.commit();
    organizationService.createThirdParty(caller("it-perm-admin", "zperm-admins"), ISV, "Permissions third party",
        THIRD_PARTY, "zperm-tp-users");
    day2Cluster = clusters.create(caller("it-perm-admin", "zperm-admins"), ISV, spec("zperm-day2")).id();
    tpCluster = clusters.create(caller("it-perm-admin", "zperm-admins"), THIRD_PARTY, spec("zperm-tp-1")).id();
    tx.begin();
    day2FirstGroup = clusters.nodeGroups(guard.require(caller("it-perm-admin", "zperm-admins"), ISV), day2Cluster)
        .get(0).id();
    tx.commit();
  }

  /** A cluster of the third party (created by the ISV's admin), whose node groups its users see. */
  private long tpCluster;

  /** The day-2 cluster's first node group (never removed on its own: a reason of the call's own, after the check). */
  private long day2FirstGroup;

  /** A cluster of the ISV the day-2 actions are tried on. */
  private long day2Cluster;

  private static Caller caller(String subject, String group) {
    return new Caller(subject, subject, Set.of(group), false, false);
  }

  private static ClusterSpec spec(String name) {
    return new ClusterSpec(new ClusterName(name), "eu-west-1", "1.33", "m6i.large", 2);
  }
}
