package io.roleport.web.orgs;

import io.roleport.application.audit.AuditEntry;
import io.roleport.application.audit.AuditTrail;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.omnifaces.util.Faces;

/**
 * The audit trail of one organization: the latest events with the names of the people in them, filterable
 * (by name or subject), exportable as CSV.
 */
@Named
@ViewScoped
public class AuditBacking implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int LIMIT = 500;

  @Inject AuditTrail audit;
  @Inject ActiveUser user;

  private String slug;
  private List<AuditEntry> events;
  private List<AuditEntry> filtered;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    events = audit.recent(user.caller(), slug, LIMIT);
  }

  public String getSlug() {
    return slug;
  }

  public List<AuditEntry> getEvents() {
    return events;
  }

  public List<AuditEntry> getFiltered() {
    return filtered;
  }

  public void setFiltered(List<AuditEntry> filtered) {
    this.filtered = filtered;
  }
}
