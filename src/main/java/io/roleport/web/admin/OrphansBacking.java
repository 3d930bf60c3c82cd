package io.roleport.web.admin;

import io.roleport.application.orphans.OrphanCheck;
import io.roleport.domain.DomainException;
import io.roleport.domain.OrphanFinding;
import io.roleport.domain.OrphanScan;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import io.roleport.web.shell.PagedModel;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * {@code /admin/orphans}: the operator's orphan check. Runs a check (in the background), follows its progress live
 * until it ends, lists the latest scan's findings, and asks for the confirmed deletion of a resource without a
 * cluster. Platform operators only (the service answers 404 to everyone else).
 */
@Named
@ViewScoped
public class OrphansBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject OrphanCheck orphans;
  @Inject ActiveUser user;

  private OrphanScan scan;
  private PagedModel<OrphanFinding> model;
  private boolean deleting;

  @PostConstruct
  void init() {
    load();
  }

  /** Starts a check; a running one is refused with its message. */
  public void run() {
    try {
      orphans.start(user.caller());
      Messages.info("orphans.run.started");
    } catch (DomainException e) {
      Messages.error(null, e);
    }
    load();
  }

  /** The live refresh: the scan's progress and its findings as they are now. */
  public void refresh() {
    load();
  }

  /** Asks for the deletion the operator confirmed; refused if it no longer matches the latest scan. */
  public void delete(long findingId) {
    try {
      OrphanFinding finding = orphans.requestDelete(user.caller(), findingId);
      Messages.info("orphans.delete.requested", finding.resourceId());
    } catch (DomainException e) {
      Messages.error(null, e);
    }
    load();
  }

  private void load() {
    var caller = user.caller();
    scan = orphans.latest(caller).orElse(null);
    if (scan == null) {
      model = null;
      deleting = false;
      return;
    }
    long id = scan.id();
    OrphanCheck service = orphans;
    model = new PagedModel<>((offset, limit) -> service.findings(caller, id, offset, limit),
        () -> service.countFindings(caller, id), f -> String.valueOf(f.id()));
    deleting = orphans.countDeleting(caller, id) > 0;
  }

  /** The confirmation's text: what exactly is deleted, and that it cannot be undone. */
  public String confirmText(OrphanFinding f) {
    return Messages.text("orphans.delete.confirm.message." + f.provider(), f.resourceId(), f.accountId(),
        f.region() == null ? "-" : f.region(), f.clusterKey());
  }

  /** What a finding says in words. */
  public String detail(OrphanFinding f) {
    if (f.kind() == OrphanFinding.Kind.UNREADABLE) {
      return Messages.text("orphans.detail.unreadable", f.errorCode(), f.detail() == null ? "" : f.detail());
    }
    return Messages.text("orphans.detail." + f.detail());
  }

  public boolean canDelete(OrphanFinding f) {
    return scan != null && !scan.running() && f.deletable();
  }

  public OrphanScan getScan() {
    return scan;
  }

  public PagedModel<OrphanFinding> getModel() {
    return model;
  }

  public boolean isRunning() {
    return scan != null && scan.running();
  }

  /** Whether the page keeps refreshing itself: while a scan runs or a deletion is under way. */
  public boolean isLive() {
    return isRunning() || deleting;
  }

  public int getProgress() {
    if (scan == null || scan.accountsTotal() == 0) {
      return scan == null ? 0 : 100;
    }
    return (int) (100L * scan.accountsDone() / scan.accountsTotal());
  }
}
