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
      "Microsoft.ContainerService/locations/operations/read",
      "Microsoft.ContainerService/locations/operationresults/read");

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
