package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Issue #15 in the domain: rename, archive, ISV kind and requests, third parties that must bind, console roles. */
class OrganizationLifecycleTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final RoleArn AUTOMATION = new RoleArn("arn:aws:iam::333333333333:role/RoleportAutomation");
  private static final RoleArn SUPPORT = new RoleArn("arn:aws:iam::333333333333:role/RoleportSupport");

  private static Organization org(String slug, OrgKind kind, Organization parent) {
    return new Organization(new Slug(slug), slug, kind, parent, ExternalId.generate(new java.security.SecureRandom()),
        NOW);
  }

  private static void refused(String key, Executable action) {
    assertEquals(key, assertThrows(DomainException.class, action).key());
  }

  @Test
  void anArchivedOrganizationRefusesRenameKindChangesRulesAndASecondArchive() {
    Organization org = org("acme", OrgKind.TEAM, null);
    org.rename("  Acme Corp  ");
    assertEquals("Acme Corp", org.name());
    refused("org.name.invalid", () -> org.rename(""));

    org.archive("alice", NOW);

    assertTrue(org.isArchived());
    refused("org.archived", () -> org.rename("Other"));
    refused("org.archived", () -> org.archive("alice", NOW));
    refused("org.archived", org::makeIsv);
    refused("org.archived", org::requireActive);
    refused("org.archived", () -> new IsvRequest(org, "a good reason to be an ISV", "alice", NOW));
    assertEquals("Acme Corp", org.name());
  }

  @Test
  void onlyATeamBecomesAnIsvAndAnApprovedRequestMakesItOne() {
    Organization isv = org("isvco", OrgKind.ISV, null);
    Organization tp = org("tailspin", OrgKind.THIRD_PARTY, isv);
    Organization team = org("acme", OrgKind.TEAM, null);
    refused("org.isv.already", isv::makeIsv);
    refused("org.isv.thirdParty", tp::makeIsv);
    refused("org.team.notIsv", team::makeTeam);
    refused("isv.request.reason.invalid", () -> new IsvRequest(team, "too short", "alice", NOW));
    refused("org.isv.already", () -> new IsvRequest(isv, "a good reason to be an ISV", "ivan", NOW));

    IsvRequest request = new IsvRequest(team, "  partners need their own accounts  ", "alice", NOW);
    assertEquals("partners need their own accounts", request.reason());
    assertTrue(team.isvRequestPending(), "the organization knows, so its page asks only then");
    request.decide(IsvRequest.Decision.APPROVED, "olga", " ok ", NOW);
    assertFalse(team.isvRequestPending());

    assertEquals(OrgKind.ISV, team.kind());
    assertEquals("ok", request.note());
    assertFalse(request.pending());
    refused("isv.request.decided", () -> request.decide(IsvRequest.Decision.DECLINED, "olga", null, NOW));
  }

  @Test
  void aDeclinedRequestLeavesATeam() {
    Organization team = org("acme", OrgKind.TEAM, null);
    new IsvRequest(team, "partners need their own accounts", "alice", NOW)
        .decide(IsvRequest.Decision.DECLINED, "olga", null, NOW);
    assertEquals(OrgKind.TEAM, team.kind());
  }

  @Test
  void anUnboundThirdPartyOfAnIsvThatRequiresABindingGetsNoDefaultAccountCluster() {
    Organization isv = org("isvco", OrgKind.ISV, null);
    Organization tp = org("tailspin", OrgKind.THIRD_PARTY, isv);
    tp.requireDefaultAccountAllowed(); // no rule yet
    refused("org.parent.notIsv", () -> tp.requireThirdPartiesToBind(true));

    isv.requireThirdPartiesToBind(true);

    refused("cluster.thirdParty.bindFirst", tp::requireDefaultAccountAllowed);
    org("acme", OrgKind.TEAM, null).requireDefaultAccountAllowed(); // teams are not concerned
    isv.makeTeam();
    assertFalse(isv.thirdPartiesMustBind(), "the rule goes with the ISV kind");
  }

  @Test
  void anOrganizationIsReplacedOnce() {
    Organization old = org("acme", OrgKind.TEAM, null);
    Organization successor = org("acme-two", OrgKind.TEAM, null);
    successor.movedFrom(old);
    assertEquals(successor, old.replacedBy().orElseThrow());
    assertEquals(old, successor.movedFrom().orElseThrow());
    refused("org.move.already", () -> org("acme-three", OrgKind.TEAM, null).movedFrom(old));
    refused("org.move.invalid", () -> successor.movedFrom(org("other", OrgKind.TEAM, null)));
  }

  @Test
  void aConsoleRoleIsARoleOfTheBoundAccountThatPeopleMaySwitchTo() {
    Organization org = org("globex", OrgKind.TEAM, null);
    refused("console.noAwsAccount", () -> new ConsoleRole(org, OrgRole.VIEWER,
        new RoleArn("arn:aws:iam::333333333333:role/ReadOnly"), false, "gus", NOW));
    org.bindAws(AUTOMATION, SUPPORT, "gus", NOW);

    refused("console.role.otherAccount", () -> new ConsoleRole(org, OrgRole.VIEWER,
        new RoleArn("arn:aws:iam::444444444444:role/ReadOnly"), false, "gus", NOW));
    refused("console.role.roleportsOwn", () -> new ConsoleRole(org, OrgRole.ORG_ADMIN, SUPPORT, false, "gus", NOW));
    refused("console.role.forInvalid", () -> new ConsoleRole(org, OrgRole.THIRD_PARTY,
        new RoleArn("arn:aws:iam::333333333333:role/ReadOnly"), false, "gus", NOW));
    refused("console.role.externalIdAdminsOnly", () -> new ConsoleRole(org, OrgRole.VIEWER,
        new RoleArn("arn:aws:iam::333333333333:role/ReadOnly"), true, "gus", NOW));
    // Switch Role takes path and name together, at most 64 characters
    RoleArn sixtyFour = new RoleArn("arn:aws:iam::333333333333:role/" + "a".repeat(31) + "/" + "B".repeat(32));
    assertEquals(64, ConsoleRole.switchRoleName(sixtyFour).length());
    new ConsoleRole(org, OrgRole.VIEWER, sixtyFour, false, "gus", NOW);
    refused("console.role.tooLong", () -> new ConsoleRole(org, OrgRole.VIEWER,
        new RoleArn("arn:aws:iam::333333333333:role/" + "a".repeat(32) + "/" + "B".repeat(32)), false, "gus", NOW));
    assertEquals("team/dev/Developer",
        ConsoleRole.switchRoleName(new RoleArn("arn:aws:iam::333333333333:role/team/dev/Developer")));
    assertTrue(new ConsoleRole(org, OrgRole.ORG_ADMIN, new RoleArn("arn:aws:iam::333333333333:role/BreakGlass"), true,
        "gus", NOW).needsExternalId());
  }
}
