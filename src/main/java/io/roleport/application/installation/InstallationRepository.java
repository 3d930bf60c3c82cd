package io.roleport.application.installation;

import java.util.List;

/** Read models across all tenants, for operators only (one query per page, no N+1). */
public interface InstallationRepository {
  List<InventoryRow> inventory(int offset, int limit);

  long organizations();

  List<AuditRow> audit(int limit);

  /** One page of clusters across organizations, filtered and sorted in the database. */
  List<ClusterOverview> clusters(ClusterFilter filter, ClusterSort sort, int offset, int limit);

  long countClusters(ClusterFilter filter);

  /**
   * Organizations with live clusters in the default account, by name, with their count; {@code boundOnly}: only
   * those bound to their own account since.
   */
  List<DefaultAccountRow> defaultAccount(boolean boundOnly, int offset, int limit);

  long countDefaultAccount(boolean boundOnly);
}
