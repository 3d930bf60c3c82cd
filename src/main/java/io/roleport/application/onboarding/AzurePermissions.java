package io.roleport.application.onboarding;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Every Azure Resource Manager action Roleport performs with an organization's service principal (see
 * docs/azure-permissions.md for why each one), the custom role the onboarding commands create with exactly these,
 * and how Azure decides whether a role's {@code actions}/{@code notActions} allow one.
 */
public final class AzurePermissions {
  private AzurePermissions() {}

  /** The custom role the onboarding commands create (one per tenant; assignable to the subscription). */
  public static final String ROLE_NAME = "Roleport cluster operator";

  /** What the worker and validation call, in the order a cluster's life needs them. */
  public static final List<String> REQUIRED = List.of(
      "Microsoft.Resources/subscriptions/read",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      "Microsoft.Resources/subscriptions/resourceGroups/write",
      "Microsoft.Resources/subscriptions/resourceGroups/delete",
      "Microsoft.Resources/subscriptions/operationresults/read",
      "Microsoft.Resources/subscriptions/resources/read",
      "Microsoft.ContainerService/managedClusters/read",
      "Microsoft.ContainerService/managedClusters/write",
      "Microsoft.ContainerService/managedClusters/delete",
      "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action",
      "Microsoft.ContainerService/managedClusters/agentPools/read",
      "Microsoft.ContainerService/managedClusters/agentPools/write",
      "Microsoft.ContainerService/managedClusters/agentPools/delete",
      "Microsoft.ContainerService/locations/operations/read",
      "Microsoft.ContainerService/locations/operationresults/read",
      "Microsoft.Authorization/roleAssignments/read",
      "Microsoft.Authorization/roleAssignments/write",
      "Microsoft.Authorization/roleAssignments/delete");

  /**
   * The Azure Kubernetes Service RBAC roles Roleport assigns on a cluster to the Entra ID groups mapped in the
   * organization, by Roleport role: viewer reads, member edits, org-admin administers the cluster.
   */
  public static final String AKS_RBAC_READER = "7f6c6a51-bcf8-42ba-9220-52d62157d7db";
  public static final String AKS_RBAC_WRITER = "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb";
  public static final String AKS_RBAC_CLUSTER_ADMIN = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b";

  /**
   * The condition on the service principal's role assignment (Azure ABAC, "allow to assign only these roles"): it may
   * create and remove role assignments of the three AKS RBAC roles only, so it can never give itself or anyone more.
   */
  public static String assignmentCondition() {
    String roles = String.join(", ", AKS_RBAC_READER, AKS_RBAC_WRITER, AKS_RBAC_CLUSTER_ADMIN);
    return "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/"
        + "roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {" + roles + "})) AND ((!(ActionMatches{"
        + "'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:"
        + "RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {" + roles + "}))";
  }

  /** One entry of a principal's permissions at a scope (one role assignment's role). */
  public record Grant(List<String> actions, List<String> notActions) {
    public Grant {
      actions = List.copyOf(actions);
      notActions = List.copyOf(notActions);
    }

    boolean allows(String action) {
      return actions.stream().anyMatch(a -> matches(a, action)) && notActions.stream().noneMatch(n -> matches(n, action));
    }
  }

  /** The required actions none of {@code grants} allows (Azure allows an action when one role's permissions do). */
  public static List<String> missing(List<Grant> grants) {
    return REQUIRED.stream().filter(action -> grants.stream().noneMatch(g -> g.allows(action))).toList();
  }

  /** The JSON of the custom role for {@code az role definition create}, assignable to one subscription. */
  public static String customRoleJson(String subscriptionPlaceholder) {
    StringBuilder json = new StringBuilder("{\"Name\":\"").append(ROLE_NAME)
        .append("\",\"Description\":\"What Roleport needs to run AKS clusters: resource groups and managed clusters.\",")
        .append("\"Actions\":[");
    for (int i = 0; i < REQUIRED.size(); i++) {
      json.append(i == 0 ? "" : ",").append('"').append(REQUIRED.get(i)).append('"');
    }
    return json.append("],\"AssignableScopes\":[\"/subscriptions/").append(subscriptionPlaceholder).append("\"]}")
        .toString();
  }

  /** Azure's action pattern: case-insensitive, {@code *} for any characters. */
  static boolean matches(String pattern, String action) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(action).matches();
  }
}
