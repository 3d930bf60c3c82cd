package io.roleport.web.orgs;

import io.roleport.application.access.CurrentOrganization;
import io.roleport.application.organizations.OrgOverview;
import io.roleport.application.organizations.OrganizationService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * One organization's page: its binding, where its clusters run, and what the caller may do next. The organization is
 * the one the router admitted for this request; the page's fragments (Azure binding, third parties, identity
 * provider, access check) read this overview instead of asking again.
 */
@Named
@RequestScoped
public class OrgBacking {

  @Inject OrganizationService organizations;
  @Inject CurrentOrganization current;

  private OrgOverview overview;

  @PostConstruct
  void init() {
    overview = organizations.overview(current.access());
  }

  public OrgOverview getOverview() {
    return overview;
  }
}
