package io.roleport.web.clusters;

import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.Placement;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterStatus;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.PagedModel;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.omnifaces.util.Faces;

/**
 * The cluster list of one organization, paged in the database. While a visible row is changing, the page
 * polls and re-reads only the current page.
 */
@Named
@ViewScoped
public class ClustersBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ClusterService clusters;
  @Inject OrganizationService organizations;
  @Inject ActiveUser user;

  private String slug;
  private String orgName;
  private boolean canManage;
  private Placement placement;
  private PagedModel<Cluster> model;
  private boolean showDeleted;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    var caller = user.caller();
    var overview = organizations.overview(caller, slug);
    orgName = overview.organization().name();
    canManage = overview.canManageClusters();
    placement = clusters.placement(caller, slug);
    ClusterService service = clusters;
    String s = slug;
    // Deleted clusters are hidden unless asked for: they share names with live ones and clutter the list.
    model = new PagedModel<>((offset, limit) -> service.page(caller, s, offset, limit, showDeleted),
        () -> service.count(caller, s, showDeleted), c -> String.valueOf(c.id()));
  }

  /** Whether any row on the current page is still changing (the poll stops when none is). */
  public boolean isChanging() {
    var rows = model.getWrappedData();
    return rows != null && rows.stream().anyMatch(c -> c.status() == ClusterStatus.CREATING
        || c.status() == ClusterStatus.DELETING);
  }

  public boolean isShowDeleted() {
    return showDeleted;
  }

  public void setShowDeleted(boolean showDeleted) {
    this.showDeleted = showDeleted;
  }

  public String getSlug() {
    return slug;
  }

  public String getOrgName() {
    return orgName;
  }

  public boolean isCanManage() {
    return canManage;
  }

  public Placement getPlacement() {
    return placement;
  }

  public PagedModel<Cluster> getModel() {
    return model;
  }
}
