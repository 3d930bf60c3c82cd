package io.roleport.application.thirdparty;

import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.Kubeconfig;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterRepository;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * The third-party area's use cases. Every method resolves the organization through
 * {@link TenantGuard#requireThirdParty}, so only the organization's own third-party users get in.
 */
@ApplicationScoped
public class ThirdPartyService {
  static final int MAX_CLUSTERS = 200;

  @Inject TenantGuard guard;
  @Inject OrganizationRepository organizations;
  @Inject ClusterRepository clusters;
  @Inject AuditTrail audit;
  @Inject io.roleport.domain.NodeGroupRepository nodeGroups;
  @Inject io.roleport.domain.BindingStatusRepository bindingStatuses;
  @Inject io.roleport.application.clusters.AzureSteps azure;

  /** Where a third-party user lands after sign-in, if the caller is one. */
  @Transactional
  public Optional<String> home(Caller caller) {
    if (caller.identityOrg() != null) {
      return Optional.of(caller.identityOrg());
    }
    if (organizations.count(caller.groups(), false) > 0 || caller.seesAllOrganizations()) {
      return Optional.empty();
    }
    return organizations.thirdPartySlugs(caller.groups()).stream().findFirst();
  }

  @Transactional
  public ThirdPartyView view(Caller caller, String slug) {
    Organization org = guard.requireThirdParty(caller, slug).organization();
    return new ThirdPartyView(org.slug(), org.name(), org.parent().map(Organization::name).orElse(""),
        org.awsBinding().map(b -> b.accountId().value()), org.awsBinding().map(b -> b.automationRole().roleName())
            .orElse("RoleportAutomation"), org.awsBinding().map(b -> b.supportRole().roleName()).orElse("RoleportSupport"),
        bindingStatuses.find(org).map(io.roleport.domain.BindingStatus::revoked).orElse(false));
  }

  /** The organization's live clusters, newest first (deleted ones are history, not shown here). */
  @Transactional
  public List<Cluster> clusters(Caller caller, String slug) {
    Organization org = guard.requireThirdParty(caller, slug).organization();
    return clusters.page(org, 0, MAX_CLUSTERS).stream().filter(c -> c.status() != ClusterStatus.DELETED).toList();
  }

  @Transactional
  public Cluster cluster(Caller caller, String slug, long clusterId) {
    OrgAccess access = guard.requireThirdParty(caller, slug);
    return clusters.find(access.organization(), clusterId).orElseThrow(() -> new NotFoundException("cluster"));
  }

  /** The live node groups of one of the organization's clusters (read only: the third party sees, the ISV changes). */
  @Transactional
  public List<io.roleport.domain.NodeGroup> nodeGroups(Caller caller, String slug, long clusterId) {
    return nodeGroups.live(cluster(caller, slug, clusterId));
  }

  /** The kubeconfig of an active cluster; each download is audited. */
  @Transactional
  public String kubeconfig(Caller caller, String slug, long clusterId) {
    Cluster cluster = cluster(caller, slug, clusterId);
    String kubeconfig = cluster.cloud() == io.roleport.domain.CloudKind.AZURE
        ? azure.kubeconfig(cluster, caller.subject()) : Kubeconfig.of(cluster);
    audit.ok(caller.subject(), cluster.organization().id(), cluster.placementAccount().value(),
        "kubeconfig.downloaded", cluster.name());
    return kubeconfig;
  }
}
