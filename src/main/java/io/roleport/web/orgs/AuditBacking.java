package io.roleport.web.orgs;

import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.AuditEvent;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.omnifaces.util.Faces;

/** The audit trail of one organization: the latest events, filterable, exportable as CSV. */
@Named
@ViewScoped
public class AuditBacking implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int LIMIT = 500;

  @Inject AuditTrail audit;
  @Inject ActiveUser user;

  private String slug;
  private List<AuditEvent> events;
  private List<AuditEvent> filtered;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    events = audit.recent(user.caller(), slug, LIMIT);
  }

  public String getSlug() {
    return slug;
  }

  public List<AuditEvent> getEvents() {
    return events;
  }

  public List<AuditEvent> getFiltered() {
    return filtered;
  }

  public void setFiltered(List<AuditEvent> filtered) {
    this.filtered = filtered;
  }
}
