package io.roleport.web.orgs;

import io.roleport.application.access.CurrentOrganization;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.DomainException;
import io.roleport.domain.OrgKind;
import io.roleport.domain.Organization;
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

/** An ISV's third parties on its organization page, and the form to onboard a new one. */
@Named
@ViewScoped
public class ThirdPartiesBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject OrganizationService organizations;
  @Inject ActiveUser user;
  @Inject CurrentOrganization current;

  private String slug;
  private boolean isv;
  private boolean canAdminister;
  private List<Organization> thirdParties;
  private String name;
  private String newSlug;
  private String usersGroup;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    var access = current.access();
    isv = access.organization().kind() == OrgKind.ISV;
    canAdminister = access.isOrgAdmin() && access.writable();
    thirdParties = isv ? organizations.thirdParties(access) : List.of();
  }

  public void create() {
    // Every refused field at once, each beside its field; the service checks them again.
    List<DomainException> refused = new java.util.ArrayList<>();
    for (Runnable rule : List.<Runnable>of(() -> Organization.requireValidName(name),
        () -> new io.roleport.domain.Slug(newSlug == null ? "" : newSlug.strip()),
        () -> io.roleport.domain.GroupMapping.requireValidGroup(usersGroup))) {
      try {
        rule.run();
      } catch (DomainException e) {
        refused.add(e);
      }
    }
    if (!refused.isEmpty()) {
      refused.forEach(e -> Messages.error(fieldOf(e), e));
      return;
    }
    try {
      Organization org = organizations.createThirdParty(user.caller(), slug, name, newSlug, usersGroup);
      Faces.getFlash().setKeepMessages(true);
      Messages.info("thirdParty.created", org.name());
      Faces.redirect(Faces.getRequestContextPath() + "/orgs/" + org.slug() + "/onboarding/aws");
    } catch (DomainException e) {
      Messages.error(fieldOf(e), e);
    }
  }

  private static String fieldOf(DomainException e) {
    return e.key().startsWith("org.slug") ? "thirdParty:slug"
        : e.key().startsWith("mapping") ? "thirdParty:usersGroup" : "thirdParty:name";
  }

  public boolean isIsv() {
    return isv;
  }

  public boolean isCanAdminister() {
    return canAdminister;
  }

  public List<Organization> getThirdParties() {
    return thirdParties;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNewSlug() {
    return newSlug;
  }

  public void setNewSlug(String newSlug) {
    this.newSlug = newSlug;
  }

  public String getUsersGroup() {
    return usersGroup;
  }

  public void setUsersGroup(String usersGroup) {
    this.usersGroup = usersGroup;
  }
}
