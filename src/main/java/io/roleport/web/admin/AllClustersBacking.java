package io.roleport.web.admin;

import io.roleport.application.access.Caller;
import io.roleport.application.installation.ClusterFilter;
import io.roleport.application.installation.ClusterOverview;
import io.roleport.application.installation.ClusterSort;
import io.roleport.application.installation.InstallationService;
import io.roleport.domain.CloudKind;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.PlacementKind;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnifaces.util.Faces;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * All clusters across organizations ({@code /admin/clusters}), for operators: the filter comes from the query string
 * (a plain GET form: bookmarkable, each part checked by {@link ClusterFilter#parse}), the table pages and sorts in the
 * database (one page query and one count per view).
 */
@Named
@ViewScoped
public class AllClustersBacking implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final List<String> QUERY = List.of("org", "status", "provider", "account", "placement");

  @Inject InstallationService installation;
  @Inject ActiveUser user;

  private final Map<String, String> asked = new LinkedHashMap<>();
  private final Map<String, String> problems = new LinkedHashMap<>();
  private ClusterFilter filter;
  private Model model;

  @PostConstruct
  void init() {
    for (String key : QUERY) {
      String value = Faces.getRequestParameter(key);
      asked.put(key, value == null ? "" : value.strip());
    }
    ClusterFilter.Parsed parsed = ClusterFilter.parse(asked);
    filter = parsed.filter();
    for (ClusterFilter.Problem p : parsed.problems()) {
      problems.put(p.field(), Messages.text(p.key(), p.args()));
    }
    model = new Model(installation, user.caller(), filter);
  }

  /** What the person typed or chose, by query parameter, to show in the form again. */
  public Map<String, String> getAsked() {
    return asked;
  }

  /** What is wrong with each part of the filter, by query parameter (all shown at once). */
  public Map<String, String> getProblems() {
    return problems;
  }

  public List<String> getProblemList() {
    return new ArrayList<>(problems.values());
  }

  public ClusterFilter getFilter() {
    return filter;
  }

  public Model getModel() {
    return model;
  }

  public List<String> getStatuses() {
    List<String> statuses = new ArrayList<>(List.of("LIVE", "ALL"));
    for (ClusterStatus s : ClusterStatus.values()) {
      statuses.add(s.name());
    }
    return statuses;
  }

  public List<String> getProviders() {
    return java.util.Arrays.stream(CloudKind.values()).map(Enum::name).toList();
  }

  public List<String> getPlacements() {
    return java.util.Arrays.stream(PlacementKind.values()).map(Enum::name).toList();
  }

  /** The lazy table's model: one page and one count from the database, in the order the table asks for. */
  public static class Model extends LazyDataModel<ClusterOverview> {
    private static final long serialVersionUID = 1L;
    private final transient InstallationService service;
    private final Caller caller;
    private final ClusterFilter filter;

    Model(InstallationService service, Caller caller, ClusterFilter filter) {
      this.service = service;
      this.caller = caller;
      this.filter = filter;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) Math.min(Integer.MAX_VALUE, service().countClusters(caller, filter));
    }

    @Override
    public List<ClusterOverview> load(int first, int pageSize, Map<String, SortMeta> sortBy,
        Map<String, FilterMeta> filterBy) {
      ClusterSort sort = sortBy.values().stream().findFirst()
          .filter(s -> s.getOrder() != null && s.getOrder() != SortOrder.UNSORTED)
          .map(s -> ClusterSort.of(s.getField(), s.getOrder() == SortOrder.ASCENDING))
          .orElse(ClusterSort.NEWEST_FIRST);
      return service().clusters(caller, filter, sort, first, pageSize);
    }

    /** The service (a CDI proxy, not kept across a session passivation). */
    private InstallationService service() {
      return service != null ? service : jakarta.enterprise.inject.spi.CDI.current().select(InstallationService.class).get();
    }

    @Override
    public String getRowKey(ClusterOverview row) {
      return String.valueOf(row.id());
    }

    @Override
    public ClusterOverview getRowData(String rowKey) {
      List<ClusterOverview> rows = getWrappedData();
      return rows == null ? null : rows.stream().filter(r -> String.valueOf(r.id()).equals(rowKey)).findFirst()
          .orElse(null);
    }
  }
}
