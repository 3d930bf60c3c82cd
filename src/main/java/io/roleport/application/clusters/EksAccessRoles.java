package io.roleport.application.clusters;

import io.roleport.application.onboarding.AwsPermissions.AccessRole;
import io.roleport.domain.Cluster;
import io.roleport.domain.OrgRole;
import io.roleport.domain.PlacementKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what inside an EKS cluster: each cluster in an organization's own account has an access entry for each of
 * the account's three access roles ({@link AccessRole}: view, edit, cluster admin), and a person's kubeconfig names
 * the role of their Roleport role (viewer, member, org-admin). The entries do not depend on the group mappings, so a
 * mapping change needs no cloud call: it changes which role the next kubeconfig names. Whether the person may assume
 * that role is decided by the account's own IAM (docs/permissions.md, "Inside the clusters").
 */
public final class EksAccessRoles {
  private EksAccessRoles() {}

  /** The access entries of a cluster in {@code account}: role ARN -> access policy ARN. */
  public static Map<String, String> entries(String account) {
    Map<String, String> out = new LinkedHashMap<>();
    for (AccessRole r : AccessRole.values()) {
      out.put(r.roleArnIn(account), r.policyArn());
    }
    return out;
  }

  /**
   * The role a person's kubeconfig assumes for this cluster: the access role of their highest Roleport role, for a
   * cluster in the organization's own account; empty otherwise (the default account has no access roles).
   */
  public static Optional<String> roleFor(Cluster cluster, Set<OrgRole> roles) {
    if (cluster.placementKind() != PlacementKind.ORG_ACCOUNT) {
      return Optional.empty();
    }
    return AccessRole.of(roles).map(r -> r.roleArnIn(cluster.placementAccount().value()));
  }
}
