package io.roleport.web.orgs;

import io.roleport.application.organizations.OrgOverview;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.omnifaces.util.Faces;

/** One organization's page: its binding, where its clusters run, and what the caller may do next. */
@Named
@RequestScoped
public class OrgBacking {

  @Inject OrganizationService organizations;
  @Inject ActiveUser user;

  private OrgOverview overview;

  @PostConstruct
  void init() {
    overview = organizations.overview(user.caller(), Faces.getRequestAttribute(Route.SLUG));
  }

  public OrgOverview getOverview() {
    return overview;
  }
}
