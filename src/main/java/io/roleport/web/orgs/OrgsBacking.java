package io.roleport.web.orgs;

import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.DomainException;
import io.roleport.domain.Organization;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.CallerOrganizations;
import io.roleport.web.shell.Messages;
import io.roleport.web.shell.PagedModel;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.omnifaces.util.Faces;

/** The signed-in person's organizations (paged in the database) and the form to create one. */
@Named
@ViewScoped
public class OrgsBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject OrganizationService organizations;
  @Inject ActiveUser user;
  @Inject CallerOrganizations callerOrganizations;
  @Inject io.roleport.application.organizations.OrgLifecycleService lifecycle;

  private PagedModel<Organization> model;
  private String name;
  private String slug;
  private String adminGroup;
  private List<String> groups;
  private boolean noAccess;
  private boolean showArchived;

  @PostConstruct
  void init() {
    var caller = user.caller();
    CallerOrganizations mine = callerOrganizations; // request-scoped: each request reads the page and count once
    model = new PagedModel<>(mine::page, mine::count, Organization::slug);
    groups = caller.groups().stream().sorted().toList();
    noAccess = mine.count() == 0;
    adminGroup = groups.isEmpty() ? null : groups.get(0);
  }

  public void create() {
    // Every refused field at once, each beside its field; the service checks them again.
    List<DomainException> refused = new java.util.ArrayList<>();
    try {
      Organization.requireValidName(name);
    } catch (DomainException e) {
      refused.add(e);
    }
    try {
      new io.roleport.domain.Slug(slug == null ? "" : slug.strip());
    } catch (DomainException e) {
      refused.add(e);
    }
    if (!refused.isEmpty()) {
      refused.forEach(e -> Messages.error(e.key().startsWith("org.slug") ? "createOrg:slug" : "createOrg:name", e));
      return;
    }
    try {
      Organization org = organizations.create(user.caller(), name, slug, adminGroup);
      Faces.getFlash().setKeepMessages(true);
      Messages.info("org.created", org.name());
      Faces.redirect(Faces.getRequestContextPath() + "/orgs/" + org.slug());
    } catch (DomainException e) {
      Messages.error(e.key().startsWith("org.slug") ? "createOrg:slug"
          : e.key().startsWith("org.name") ? "createOrg:name" : "createOrg:adminGroup", e);
    }
  }

  public PagedModel<Organization> getModel() {
    return model;
  }

  /** Issue #15: archived organizations leave the list; this filter brings them back. */
  public void archivedFilterChanged() {
    if (showArchived) {
      var caller = user.caller();
      model = new PagedModel<>((offset, limit) -> lifecycle.pageWithArchived(caller, offset, limit),
          () -> lifecycle.countWithArchived(caller), Organization::slug);
    } else {
      CallerOrganizations mine = callerOrganizations;
      model = new PagedModel<>(mine::page, mine::count, Organization::slug);
    }
  }

  public boolean isShowArchived() {
    return showArchived;
  }

  public void setShowArchived(boolean showArchived) {
    this.showArchived = showArchived;
  }

  /** Set when no group of the caller maps to any organization: the page says which groups arrived. */
  public String getNoAccessText() {
    return noAccess ? Messages.text("orgs.noAccess", groups.isEmpty() ? "-" : String.join(", ", groups)) : null;
  }

  public List<String> getGroups() {
    return groups;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSlug() {
    return slug;
  }

  public void setSlug(String slug) {
    this.slug = slug;
  }

  public String getAdminGroup() {
    return adminGroup;
  }

  public void setAdminGroup(String adminGroup) {
    this.adminGroup = adminGroup;
  }
}
