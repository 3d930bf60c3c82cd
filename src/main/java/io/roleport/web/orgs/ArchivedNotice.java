package io.roleport.web.orgs;

import io.roleport.application.access.CurrentOrganization;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;

/**
 * Issue #15: every page of an archived organization says so (the shell shows it above the content), from the
 * organization the router admitted for this request: no query of its own.
 */
@Named
@RequestScoped
public class ArchivedNotice {

  @Inject CurrentOrganization current;

  public boolean isArchived() {
    return current.find().map(a -> a.organization().isArchived()).orElse(false);
  }

  public Instant getArchivedAt() {
    return current.find().flatMap(a -> a.organization().archivedAt()).orElse(null);
  }
}
