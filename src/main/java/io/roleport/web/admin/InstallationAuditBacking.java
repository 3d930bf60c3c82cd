package io.roleport.web.admin;

import io.roleport.application.installation.AuditRow;
import io.roleport.application.installation.InstallationService;
import io.roleport.web.shell.ActiveUser;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** Audit across every organization, for platform operators: filterable, exportable. */
@Named
@ViewScoped
public class InstallationAuditBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject InstallationService installation;
  @Inject ActiveUser user;

  private List<AuditRow> rows;
  private List<AuditRow> filtered;

  @PostConstruct
  void init() {
    rows = installation.audit(user.caller(), 1000);
  }

  public List<AuditRow> getRows() {
    return rows;
  }

  public List<AuditRow> getFiltered() {
    return filtered;
  }

  public void setFiltered(List<AuditRow> filtered) {
    this.filtered = filtered;
  }
}
