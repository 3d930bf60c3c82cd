package io.roleport.application.organizations;

import io.roleport.application.InstallationProfile;
import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.AzureBinding;
import io.roleport.domain.ConsoleRole;
import io.roleport.domain.DomainException;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgLifecycleRepository;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.RoleArn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issue #15, the spec's "Cross-Account Manager": the page {@code /orgs/{slug}/access} lists, for the roles the
 * person's groups hold in the organization (group mappings, not an operator's sight of every organization), the AWS
 * console Switch Role links and AWS CLI profiles of the account roles the administrators registered for those roles,
 * and for an Azure binding the portal link to the subscription.
 *
 * <p>A viewer gets the viewer roles, a member the member and viewer roles, an administrator all. The ExternalId appears
 * only in the profile of a role that needs it, and only administrators' roles may need it (the administrators see it
 * during onboarding anyway); the console's Switch Role cannot send an ExternalId, so such a role has no console link.
 */
@ApplicationScoped
public class AccountAccessService {
  static final String SWITCH_ROLE = "https://signin.aws.amazon.com/switchrole";
  static final String AZURE_PORTAL = "https://portal.azure.com/#@";

  @Inject TenantGuard guard;
  @Inject OrganizationRepository organizations;
  @Inject OrgLifecycleRepository lifecycle;
  @Inject InstallationProfile installation;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  /** One role the person may use: its console link (none when it needs the ExternalId) and its CLI profile. */
  public record Link(ConsoleRole role, String switchRoleUrl, String cliProfile) {}

  /**
   * What the access page shows: the person's links; with an AWS binding, all registered roles for administrators to
   * manage; the Azure portal link; the default account's id when the organization has no account of its own.
   */
  public record Access(Organization organization, Set<OrgRole> mappedRoles, List<Link> links, List<ConsoleRole> all,
      boolean canManage, Optional<String> awsAccountId, Optional<String> azurePortalUrl, String defaultAccountId) {
    public boolean bound() {
      return awsAccountId.isPresent() || azurePortalUrl.isPresent();
    }
  }

  @Transactional
  public Access access(Caller caller, String slug) {
    return access(guard.require(caller, slug));
  }

  @Transactional
  public Access access(OrgAccess access) {
    Organization org = access.organization();
    Caller caller = access.caller();
    Set<OrgRole> mapped = EnumSet.noneOf(OrgRole.class);
    if (caller.identityOrg() == null) {
      organizations.mappings(org, caller.groups()).stream().map(GroupMapping::role).forEach(mapped::add);
    }
    Set<OrgRole> usable = usable(mapped);
    List<ConsoleRole> registered = org.awsBinding().isPresent() ? lifecycle.consoleRoles(org) : List.of();
    List<Link> links = registered.stream().filter(r -> usable.contains(r.orgRole()))
        .map(r -> link(org, r, caller.subject())).toList();
    boolean manage = mapped.contains(OrgRole.ORG_ADMIN) && access.writable() && org.awsBinding().isPresent();
    return new Access(org, mapped, links, mapped.contains(OrgRole.ORG_ADMIN) ? registered : List.of(), manage,
        org.awsBinding().map(b -> b.accountId().value()), org.azureBinding().map(AccountAccessService::portalUrl),
        installation.defaultWorkloadRole().accountId().value());
  }

  /** Registers a role of the organization's AWS account for people of {@code forRole} (org-admins). */
  @Transactional
  public ConsoleRole addRole(Caller caller, String slug, OrgRole forRole, String roleArn, boolean needsExternalId) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    try {
      access.requireOrgAdmin();
      RoleArn arn = new RoleArn(roleArn);
      ConsoleRole role = new ConsoleRole(org, forRole, arn, needsExternalId, caller.subject(), clock.instant());
      if (lifecycle.consoleRoles(org).stream().anyMatch(r -> r.orgRole() == forRole && r.roleArn().equals(arn))) {
        throw new DomainException("console.role.exists", arn.value(), forRole);
      }
      lifecycle.add(role);
      lifecycle.flush();
      audit.ok(caller.subject(), org.id(), arn.accountId().value(), "console.role.added",
          arn.value() + " for " + forRole + (needsExternalId ? " (with the ExternalId)" : ""));
      return role;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "console.role.added", refused.key());
      throw refused;
    }
  }

  /** Removes a registered role (org-admins); another organization's id is not found. */
  @Transactional
  public void removeRole(Caller caller, String slug, long roleId) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    ConsoleRole role = lifecycle.findConsoleRole(org, roleId).orElseThrow(() -> new NotFoundException("role"));
    try {
      access.requireOrgAdmin();
      lifecycle.remove(role);
      audit.ok(caller.subject(), org.id(), role.roleArn().accountId().value(), "console.role.removed",
          role.roleArn().value() + " for " + role.orgRole());
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "console.role.removed", refused.key());
      throw refused;
    }
  }

  /** The roles whose account roles a person may use: their own and the ones below. */
  static Set<OrgRole> usable(Set<OrgRole> mapped) {
    Set<OrgRole> usable = EnumSet.noneOf(OrgRole.class);
    if (mapped.contains(OrgRole.ORG_ADMIN)) {
      usable.addAll(Set.of(OrgRole.ORG_ADMIN, OrgRole.MEMBER, OrgRole.VIEWER));
    }
    if (mapped.contains(OrgRole.MEMBER)) {
      usable.addAll(Set.of(OrgRole.MEMBER, OrgRole.VIEWER));
    }
    if (mapped.contains(OrgRole.VIEWER)) {
      usable.add(OrgRole.VIEWER);
    }
    return usable;
  }

  static Link link(Organization org, ConsoleRole role, String subject) {
    RoleArn arn = role.roleArn();
    String account = arn.accountId().value();
    String profile = profileName(org.slug() + "-" + arn.roleName());
    String url = role.needsExternalId() ? null : switchRoleUrl(account, ConsoleRole.switchRoleName(arn),
        org.slug() + " " + arn.roleName());
    StringBuilder cli = new StringBuilder()
        .append("[profile ").append(profile).append("]\n")
        .append("role_arn = ").append(arn.value()).append('\n')
        .append("source_profile = default\n")
        .append("role_session_name = ").append(sessionName(subject)).append('\n');
    if (role.needsExternalId()) {
      cli.append("external_id = ").append(org.externalId().value()).append('\n');
    }
    return new Link(role, url, cli.toString());
  }

  /**
   * The console's Switch Role link in the form of the IAM user guide:
   * {@code https://signin.aws.amazon.com/switchrole?account=<12 digits>&roleName=<path/name>&displayName=<text>}, each
   * value URL-encoded (a role with a path needs the path before its name).
   */
  static String switchRoleUrl(String account, String roleName, String displayName) {
    return SWITCH_ROLE + "?account=" + account + "&roleName=" + encode(roleName) + "&displayName="
        + encode(displayName.length() > 64 ? displayName.substring(0, 64) : displayName);
  }

  /** The Azure portal's page of the bound subscription, in the bound tenant's directory. */
  static String portalUrl(AzureBinding binding) {
    return AZURE_PORTAL + binding.tenantId().value() + "/resource/subscriptions/" + binding.subscriptionId().value()
        + "/overview";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A CLI profile name without spaces or brackets. */
  static String profileName(String raw) {
    return raw.replaceAll("[^A-Za-z0-9_.-]", "-");
  }

  /** A role session name AWS accepts ({@code [\w+=,.@-]}, 2 to 64 characters): the person's subject. */
  static String sessionName(String subject) {
    String name = subject.replaceAll("[^\\w+=,.@-]", "-");
    if (name.length() < 2) {
      name = (name + "--").substring(0, 2);
    }
    return name.length() > 64 ? name.substring(0, 64) : name;
  }
}
