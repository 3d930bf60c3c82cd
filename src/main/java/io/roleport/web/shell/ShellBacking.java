package io.roleport.web.shell;

import io.roleport.domain.Organization;
import io.roleport.web.routing.Route;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.omnifaces.util.Faces;

/** The application shell: the organization switcher and the current organization's slug. */
@Named
@RequestScoped
public class ShellBacking {
  /** As many as the first page of the list on /orgs, so that page and the switcher share one query. */
  public static final int SWITCHER_SIZE = 20;

  @Inject CallerOrganizations organizations;

  private List<Organization> switcher;

  /** The first organizations of the caller, for the switcher (the full list is on /orgs). */
  public List<Organization> getSwitcher() {
    if (switcher == null) {
      switcher = organizations.page(0, SWITCHER_SIZE); // the same first page as the list on /orgs
    }
    return switcher;
  }

  public String getCurrentSlug() {
    return Faces.getRequestAttribute(Route.SLUG);
  }
}
