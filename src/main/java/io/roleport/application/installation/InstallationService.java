package io.roleport.application.installation;

import io.roleport.application.InstallationProfile;
import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * What platform operators see of the whole installation. Everyone else gets 404: these pages do not
 * exist for them.
 */
@ApplicationScoped
public class InstallationService {

  @Inject InstallationRepository repository;
  @Inject InstallationProfile installation;

  /** The inventory, for platform operators and support staff. */
  @Transactional
  public List<InventoryRow> inventory(Caller caller, int offset, int limit) {
    requireOperatorOrSupport(caller);
    return repository.inventory(offset, limit);
  }

  @Transactional
  public long organizations(Caller caller) {
    requireOperatorOrSupport(caller);
    return repository.organizations();
  }

  public String defaultAccount(Caller caller) {
    requireOperatorOrSupport(caller);
    return installation.defaultWorkloadRole().accountId().value();
  }

  /** Audit across all organizations, for platform operators. */
  @Transactional
  public List<AuditRow> audit(Caller caller, int limit) {
    if (!caller.platformAdmin()) {
      throw new NotFoundException("installation audit");
    }
    return repository.audit(limit);
  }

  private static void requireOperatorOrSupport(Caller caller) {
    if (!caller.seesAllOrganizations()) {
      throw new NotFoundException("inventory");
    }
  }
}
