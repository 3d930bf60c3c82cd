package io.roleport.application.clusters;

import io.roleport.application.clusters.AzureClusterCloud.ClusterRoleAssignment;
import io.roleport.application.onboarding.AzurePermissions;
import io.roleport.domain.Cluster;
import io.roleport.domain.CloudKind;
import io.roleport.domain.ClusterRepository;
import io.roleport.domain.Operation;
import io.roleport.domain.OperationKind;
import io.roleport.domain.OperationRepository;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who may do what inside an AKS cluster: the organization's group mappings, as Azure RBAC role assignments on the
 * cluster (Entra ID integration, Azure RBAC, local accounts disabled, so the kubeconfig carries no credential and
 * kubelogin signs each person in as themself). A group mapped as viewer reads, member edits, org-admin administers
 * the cluster. Only mappings whose group is an Entra ID group object id can be granted (the corporate IdP is Entra
 * ID and sends group ids); other groups, third parties, operators and support get nothing inside the cluster.
 * A mapping change queues a durable {@link OperationKind#AKS_ACCESS} operation per active AKS cluster, so access
 * follows the mappings and goes when a role goes.
 */
@ApplicationScoped
public class AksAccess {
  private static final Pattern GROUP_OBJECT_ID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  static final Map<OrgRole, String> CLUSTER_ROLE = Map.of(
      OrgRole.ORG_ADMIN, AzurePermissions.AKS_RBAC_CLUSTER_ADMIN,
      OrgRole.MEMBER, AzurePermissions.AKS_RBAC_WRITER,
      OrgRole.VIEWER, AzurePermissions.AKS_RBAC_READER);

  @Inject AzureClusterCloud cloud;
  @Inject OrganizationRepository organizations;
  @Inject ClusterRepository clusters;
  @Inject OperationRepository operations;
  @Inject Clock clock;

  /** What the organization's mappings grant on its clusters now. */
  Set<ClusterRoleAssignment> desired(Cluster cluster) {
    Set<ClusterRoleAssignment> grants = new LinkedHashSet<>();
    organizations.mappings(cluster.organization()).forEach(m -> {
      String role = CLUSTER_ROLE.get(m.role());
      if (role != null && GROUP_OBJECT_ID.matcher(m.groupName()).matches()) {
        String principal = m.groupName().toLowerCase(java.util.Locale.ROOT);
        grants.add(new ClusterRoleAssignment(assignmentName(cluster, principal, role), principal, role));
      }
    });
    return grants;
  }

  /**
   * Makes the cluster's role assignments of the three AKS roles match the mappings: adds what is missing, removes
   * what no mapping gives any more. Assignments of other roles (made by the customer) are left alone.
   */
  void sync(AzureTarget target, Cluster cluster) {
    Set<ClusterRoleAssignment> wanted = desired(cluster);
    List<ClusterRoleAssignment> present = cloud.clusterRoleAssignments(target, cluster.resourceGroupName(),
        cluster.cloudName()).stream().filter(a -> CLUSTER_ROLE.containsValue(a.roleDefinition())).toList();
    for (ClusterRoleAssignment a : wanted) {
      if (present.stream().noneMatch(p -> same(p, a))) {
        cloud.assignClusterRole(target, cluster.resourceGroupName(), cluster.cloudName(), a);
      }
    }
    for (ClusterRoleAssignment p : present) {
      if (wanted.stream().noneMatch(a -> same(p, a))) {
        cloud.removeClusterRole(target, cluster.resourceGroupName(), cluster.cloudName(), p.name());
      }
    }
  }

  /**
   * The organization's mappings changed: queue an access update for each of its active AKS clusters (one at a time
   * per cluster: an update already waiting covers the change).
   */
  public void mappingsChanged(Organization org, String actor) {
    for (Cluster cluster : clusters.active(org, CloudKind.AZURE)) {
      if (operations.latest(cluster).map(op -> op.status().isFinished()).orElse(true)) {
        operations.add(new Operation(cluster, OperationKind.AKS_ACCESS, actor, clock.instant()));
      }
    }
  }

  private static boolean same(ClusterRoleAssignment a, ClusterRoleAssignment b) {
    return a.principalId().equalsIgnoreCase(b.principalId()) && a.roleDefinition().equalsIgnoreCase(b.roleDefinition());
  }

  /** A stable name per cluster, group and role: a retried step PUTs the same assignment. */
  static String assignmentName(Cluster cluster, String principal, String role) {
    return UUID.nameUUIDFromBytes(("aks-access/" + cluster.id() + "/" + principal + "/" + role)
        .getBytes(StandardCharsets.UTF_8)).toString();
  }
}
