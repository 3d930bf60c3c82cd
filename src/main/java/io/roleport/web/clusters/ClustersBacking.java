package io.roleport.web.clusters;

import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.Placement;
import io.roleport.application.access.CurrentOrganization;
import io.roleport.domain.ClusterListing;
import io.roleport.web.shell.Texts;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cluster list of one organization, a page of it at a time, cut in the database. The page and the filter come
 * from the address ({@code ?page=3&deleted=true}), so a page of the list can be bookmarked, reloaded and gone back
 * to. While a visible row is changing, the page polls; a tick re-reads only the changing rows of the page shown (one
 * query) and shows them without reloading the page.
 */
@Named
@ViewScoped
public class ClustersBacking implements Serializable {
  private static final long serialVersionUID = 2L;

  /** Rows per page. */
  static final int PAGE_SIZE = 20;
  private static final java.util.regex.Pattern PAGE_NUMBER = java.util.regex.Pattern.compile("[1-9][0-9]{0,8}");

  @Inject ClusterService clusters;
  @Inject CurrentOrganization current;

  private String slug;
  private String orgName;
  /** The organization's path with the context ({@code /orgs/slug}): the rows' links start with it. */
  private String orgPath;
  private boolean canManage;
  private Placement placement;
  private boolean showDeleted;
  private int page;
  private long total;
  private List<ClusterRow> rows = List.of();
  /** Where the page is in the list: "Clusters 21 to 40 of 1,024". */
  private String position;

  @PostConstruct
  void init() {
    var access = current.access(); // admitted by the router for this request: no second lookup
    slug = access.organization().slug();
    orgName = access.organization().name();
    canManage = access.canManageClusters();
    placement = clusters.placement(access);
    var external = FacesContext.getCurrentInstance().getExternalContext();
    orgPath = external.getRequestContextPath() + "/orgs/" + slug;
    Map<String, String> query = external.getRequestParameterMap();
    // Deleted clusters are hidden unless asked for: they share names with live ones and clutter the list.
    showDeleted = "true".equals(query.get("deleted"));
    load(requestedPage(query.get("page")));
  }

  /** The page asked for in the address: a number from 1; anything else is the first page. */
  static int requestedPage(String value) {
    return value != null && PAGE_NUMBER.matcher(value).matches() ? Integer.parseInt(value) : 1;
  }

  /** Reads page {@code wanted}, or the last page when the list is shorter than that, and the count. */
  private void load(int wanted) {
    var listed = clusters.listingPage(current.access(), wanted, PAGE_SIZE, showDeleted);
    total = listed.total();
    page = listed.page();
    rows = listed.rows().stream().map(c -> ClusterRow.of(orgPath, c)).toList();
    int first = (page - 1) * PAGE_SIZE + 1;
    position = Texts.format("clusters.position", first, first + rows.size() - 1, total);
  }

  /** The filter changed (the checkbox): the list starts again at its first page. */
  public void filterChanged() {
    load(1);
  }

  /** The live tick: re-reads the rows of the page shown that are still changing, and only those. */
  public void refresh() {
    List<Long> changing = rows.stream().filter(ClusterRow::changing).map(ClusterRow::getId).toList();
    Map<Long, ClusterRow> now = clusters.currentListing(current.access(), changing).stream()
        .collect(Collectors.toMap(ClusterListing::id, c -> ClusterRow.of(orgPath, c)));
    rows = rows.stream().map(c -> now.getOrDefault(c.getId(), c)).toList();
  }

  /** Whether any row on the current page is still changing (the poll stops when none is). */
  public boolean isChanging() {
    return rows.stream().anyMatch(ClusterRow::changing);
  }

  public List<ClusterRow> getRows() {
    return rows;
  }

  /** The page shown, from 1. */
  public int getPage() {
    return page;
  }

  public int getPages() {
    return ClusterService.ListingPage.pages(total, PAGE_SIZE);
  }

  /** The address of a page of this list without its number ({@link io.roleport.web.shell.Pager} adds it). */
  public String getPageHref() {
    return orgPath + "/clusters?" + (showDeleted ? "deleted=true&" : "") + "page=";
  }

  /** Where the page is in the list: "Clusters 21 to 40 of 1,024" (shown with rows only). */
  public String getPosition() {
    return position;
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
}
