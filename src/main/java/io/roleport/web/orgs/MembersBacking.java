package io.roleport.web.orgs;

import io.roleport.application.organizations.MappingService;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.DomainException;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgRole;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.omnifaces.util.Faces;

/** Members and group mappings of one organization: which IdP groups hold which role. */
@Named
@ViewScoped
public class MembersBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject MappingService mappings;
  @Inject OrganizationService organizations;
  @Inject ActiveUser user;

  private String slug;
  private boolean canAdminister;
  private List<GroupMapping> rows;
  private String group;
  private OrgRole role = OrgRole.MEMBER;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    var overview = organizations.overview(user.caller(), slug);
    canAdminister = overview.canAdminister() && !overview.archived();
    load();
  }

  private void load() {
    rows = mappings.mappings(user.caller(), slug);
  }

  public void add() {
    try {
      GroupMapping added = mappings.add(user.caller(), slug, group, role);
      Messages.info("mapping.added", added.groupName(), Messages.text("role." + added.role()));
      group = null;
      load();
    } catch (DomainException e) {
      Messages.error("addMapping:group", e);
    }
  }

  public void remove(GroupMapping mapping) {
    try {
      mappings.remove(user.caller(), slug, mapping.id());
      Messages.info("mapping.removed", mapping.groupName(), Messages.text("role." + mapping.role()));
      load();
    } catch (DomainException e) {
      Messages.error(null, e);
    }
  }

  public OrgRole[] getRoles() {
    return OrgRole.values();
  }

  public String getSlug() {
    return slug;
  }

  public boolean isCanAdminister() {
    return canAdminister;
  }

  public List<GroupMapping> getRows() {
    return rows;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public OrgRole getRole() {
    return role;
  }

  public void setRole(OrgRole role) {
    this.role = role;
  }
}
