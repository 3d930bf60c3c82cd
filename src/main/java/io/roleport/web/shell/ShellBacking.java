package io.roleport.web.shell;

import io.roleport.domain.Organization;
import io.roleport.web.routing.Route;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.omnifaces.util.Faces;

/** The application shell: the organization switcher and the current organization's slug. */
@Named
@RequestScoped
public class ShellBacking {
  /** As many as the first page of the list on /orgs (the full list is there). */
  public static final int SWITCHER_SIZE = 20;

  @Inject CallerOrganizations organizations;

  private List<LinkList.Link> switcherLinks;

  /**
   * The switcher's links: the first organizations, then "all organizations". Read only when the switcher's panel is
   * opened (it loads its content with one ajax request) and renders its {@link LinkList}: a page view does not read
   * the organizations, and neither does another ajax request of the page (a live tick).
   */
  public List<LinkList.Link> getSwitcherLinks() {
    if (switcherLinks == null) {
      String root = Faces.getRequestContextPath();
      List<LinkList.Link> links = new ArrayList<>();
      for (Organization o : organizations.page(0, SWITCHER_SIZE)) {
        links.add(new LinkList.Link(o.name(), root + "/orgs/" + o.slug()));
      }
      links.add(new LinkList.Link(Messages.text("shell.allOrgs"), root + "/orgs"));
      switcherLinks = List.copyOf(links);
    }
    return switcherLinks;
  }

  public String getCurrentSlug() {
    return Faces.getRequestAttribute(Route.SLUG);
  }
}
