package io.roleport.web.shell;

import io.roleport.domain.Organization;
import io.roleport.web.routing.Route;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.omnifaces.util.Faces;
import org.primefaces.model.menu.DefaultMenuItem;
import org.primefaces.model.menu.DefaultMenuModel;
import org.primefaces.model.menu.MenuModel;

/** The application shell: the organization switcher and the current organization's slug. */
@Named
@RequestScoped
public class ShellBacking {
  /** As many as the first page of the list on /orgs, so that page and the switcher share one query. */
  public static final int SWITCHER_SIZE = 20;

  @Inject CallerOrganizations organizations;

  private List<Organization> switcher;
  private MenuModel switcherMenu;

  /** The first organizations of the caller, for the switcher (the full list is on /orgs). */
  public List<Organization> getSwitcher() {
    if (switcher == null) {
      switcher = organizations.page(0, SWITCHER_SIZE); // the same first page as the list on /orgs
    }
    return switcher;
  }

  /**
   * The switcher's menu: the first organizations, then "all organizations". A model rather than items built with the
   * view, so that an ajax request (a live tick) that does not render the switcher does not read the organizations.
   */
  public MenuModel getSwitcherMenu() {
    if (switcherMenu != null) {
      return switcherMenu;
    }
    String root = Faces.getRequestContextPath();
    DefaultMenuModel menu = new DefaultMenuModel();
    for (Organization o : getSwitcher()) {
      menu.getElements().add(DefaultMenuItem.builder().value(o.name()).url(root + "/orgs/" + o.slug()).build());
    }
    menu.getElements().add(DefaultMenuItem.builder().value(Messages.text("shell.allOrgs")).url(root + "/orgs")
        .build());
    switcherMenu = menu;
    return menu;
  }

  public String getCurrentSlug() {
    return Faces.getRequestAttribute(Route.SLUG);
  }
}
