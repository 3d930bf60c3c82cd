package io.roleport.web.orgs;

import io.roleport.application.access.CurrentOrganization;
import io.roleport.application.organizations.AccountAccessService;
import io.roleport.domain.ConsoleRole;
import io.roleport.domain.DomainException;
import io.roleport.domain.OrgRole;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** {@code /orgs/{slug}/access}: the person's console links and CLI profiles, and the administrators' list of roles. */
@Named
@ViewScoped
public class AccountAccessBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject AccountAccessService service;
  @Inject CurrentOrganization current;
  @Inject ActiveUser user;

  private String slug;
  private AccountAccessService.Access access;
  private OrgRole forRole = OrgRole.VIEWER;
  private String roleArn;
  private boolean needsExternalId;

  @PostConstruct
  void init() {
    slug = current.access().organization().slug();
    access = service.access(current.access());
  }

  public void add() {
    try {
      ConsoleRole added = service.addRole(user.caller(), slug, forRole, roleArn, needsExternalId);
      Messages.info("access.links.added", added.roleArn().value(), Messages.text("role." + added.orgRole()));
      roleArn = null;
      needsExternalId = false;
      access = service.access(user.caller(), slug);
    } catch (DomainException e) {
      Messages.error(e.key().startsWith("console.role.externalId") ? "addRole:needsExternalId"
          : e.key().startsWith("console.role.forInvalid") ? "addRole:forRole" : "addRole:roleArn", e);
    }
  }

  public void remove(ConsoleRole role) {
    try {
      service.removeRole(user.caller(), slug, role.id());
      Messages.info("access.links.removed", role.roleArn().value());
      access = service.access(user.caller(), slug);
    } catch (DomainException e) {
      Messages.error(null, e);
    }
  }

  public AccountAccessService.Access getAccess() {
    return access;
  }

  public String getSlug() {
    return slug;
  }

  /** The roles a console role can be registered for. */
  public List<OrgRole> getRoles() {
    return List.of(OrgRole.VIEWER, OrgRole.MEMBER, OrgRole.ORG_ADMIN);
  }

  public OrgRole getForRole() {
    return forRole;
  }

  public void setForRole(OrgRole forRole) {
    this.forRole = forRole;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public boolean isNeedsExternalId() {
    return needsExternalId;
  }

  public void setNeedsExternalId(boolean needsExternalId) {
    this.needsExternalId = needsExternalId;
  }
}
