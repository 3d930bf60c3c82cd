package io.roleport.web.clusters;

import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.Placement;
import io.roleport.application.access.CurrentOrganization;
import io.roleport.domain.ClusterListing;
import io.roleport.web.shell.PagedModel;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cluster list of one organization, paged in the database. While a visible row is changing, the page polls; a
 * tick re-reads only the changing rows of the page shown (one query) and shows the page again without reloading it.
 */
@Named
@ViewScoped
public class ClustersBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ClusterService clusters;
  @Inject CurrentOrganization current;

  private String slug;
  private String orgName;
  /** The organization's path with the context ({@code /orgs/slug}): the rows' links start with it. */
  private String orgPath;
  private boolean canManage;
  private Placement placement;
  private PagedModel<ClusterRow> model;
  private boolean showDeleted;

  @PostConstruct
  void init() {
    var access = current.access(); // admitted by the router for this request: no second lookup
    slug = access.organization().slug();
    orgName = access.organization().name();
    canManage = access.canManageClusters();
    placement = clusters.placement(access);
    orgPath = jakarta.faces.context.FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath()
        + "/orgs/" + slug;
    ClusterService service = clusters;
    CurrentOrganization org = current; // each request (a page, a tick) uses the organization its router admitted
    String path = orgPath;
    // Deleted clusters are hidden unless asked for: they share names with live ones and clutter the list.
    model = new PagedModel<>((offset, limit) -> service.listing(org.access(), offset, limit, showDeleted).stream()
        .map(c -> ClusterRow.of(path, c)).toList(), () -> service.count(org.access(), showDeleted),
        c -> String.valueOf(c.getId()));
  }

  /** The live tick: re-reads the rows of the page shown that are still changing, and only those. */
  public void refresh() {
    model.showAgain(rows -> {
      List<Long> changing = rows.stream().filter(ClusterRow::changing).map(ClusterRow::getId).toList();
      Map<Long, ClusterRow> now = clusters.currentListing(current.access(), changing).stream()
          .collect(Collectors.toMap(ClusterListing::id, c -> ClusterRow.of(orgPath, c)));
      return rows.stream().map(c -> now.getOrDefault(c.getId(), c)).toList();
    });
  }

  /** Whether any row on the current page is still changing (the poll stops when none is). */
  public boolean isChanging() {
    var rows = model.getWrappedData();
    return rows != null && rows.stream().anyMatch(ClusterRow::changing);
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

  public PagedModel<ClusterRow> getModel() {
    return model;
  }
}
