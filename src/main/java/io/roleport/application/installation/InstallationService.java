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

  /** One page of all clusters across organizations, for platform operators and support staff. */
  @Transactional
  public List<ClusterOverview> clusters(Caller caller, ClusterFilter filter, ClusterSort sort, int offset, int limit) {
    requireOperatorOrSupport(caller);
    return repository.clusters(filter, sort, offset, limit);
  }

  @Transactional
  public long countClusters(Caller caller, ClusterFilter filter) {
    requireOperatorOrSupport(caller);
    return repository.countClusters(filter);
  }

  /** Organizations that still have live clusters in the default account, with how many. */
  @Transactional
  public List<DefaultAccountRow> defaultAccount(Caller caller, boolean boundOnly, int offset, int limit) {
    requireOperatorOrSupport(caller);
    return repository.defaultAccount(boundOnly, offset, limit);
  }

  @Transactional
  public long countDefaultAccount(Caller caller, boolean boundOnly) {
    requireOperatorOrSupport(caller);
    return repository.countDefaultAccount(boundOnly);
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
