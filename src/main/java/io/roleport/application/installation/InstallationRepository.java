package io.roleport.application.installation;

import java.util.List;

/** Read models across all tenants, for operators only (one query per page, no N+1). */
public interface InstallationRepository {
  List<InventoryRow> inventory(int offset, int limit);

  long organizations();

  List<AuditRow> audit(int limit);
}
