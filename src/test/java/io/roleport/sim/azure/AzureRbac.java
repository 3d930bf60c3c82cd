package io.roleport.sim.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Azure RBAC for the control plane, as ARM evaluates it: a principal may perform an action at a scope when one of its
 * role assignments at that scope or above (subscription, resource group, resource) has a role whose {@code actions}
 * match the action and whose {@code notActions} do not. Matching is case-insensitive and {@code *} stands for any
 * characters. The built-in roles carry their real ids and permissions (learn.microsoft.com, "Azure built-in roles");
 * custom roles come from the seed.
 */
final class AzureRbac {

    /** A role definition's control-plane permissions. */
    record Role(String id, String name, List<String> actions, List<String> notActions) {
        boolean allows(String action) {
            return actions.stream().anyMatch(a -> matches(a, action)) && notActions.stream().noneMatch(n -> matches(n, action));
        }
    }

    /**
     * A role assignment: a principal (client id or object id), a role, at a scope ({@code /subscriptions/...} path),
     * with its name (a GUID) and, for delegation, the role definition ids a condition lets it assign (null: none).
     */
    record Assignment(String clientId, Role role, String scope, String name, String principalType,
                      java.util.Set<String> assignableRoleIds) {
        Assignment(String clientId, Role role, String scope) {
            this(clientId, role, scope, java.util.UUID.randomUUID().toString(), "ServicePrincipal", null);
        }

        boolean covers(String path) {
            String s = scope.toLowerCase(Locale.ROOT);
            String p = path.toLowerCase(Locale.ROOT);
            return p.equals(s) || p.startsWith(s.endsWith("/") ? s : s + "/");
        }
    }

    private static final List<String> AKS_RBAC_ACTIONS = List.of("Microsoft.Authorization/*/read",
            "Microsoft.Resources/subscriptions/operationresults/read", "Microsoft.Resources/subscriptions/read",
            "Microsoft.Resources/subscriptions/resourceGroups/read");

    /** The built-in roles the seed and the tests name. */
    static final List<Role> BUILT_IN = List.of(
            new Role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", List.of("*"), List.of()),
            new Role("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor", List.of("*"), List.of(
                    "Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write",
                    "Microsoft.Authorization/elevateAccess/Action", "Microsoft.Blueprint/blueprintAssignments/write",
                    "Microsoft.Blueprint/blueprintAssignments/delete", "Microsoft.Compute/galleries/share/action",
                    "Microsoft.Purview/consents/write", "Microsoft.Purview/consents/delete")),
            new Role("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", List.of("*/read"), List.of()),
            new Role("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator",
                    List.of("*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"), List.of()),
            // The AKS data-plane roles (their dataActions are what kubectl may do; the data plane is not simulated):
            new Role("7f6c6a51-bcf8-42ba-9220-52d62157d7db", "Azure Kubernetes Service RBAC Reader", AKS_RBAC_ACTIONS, List.of()),
            new Role("a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb", "Azure Kubernetes Service RBAC Writer", AKS_RBAC_ACTIONS, List.of()),
            new Role("3498e952-d568-435e-9b2c-8d77e338d7f7", "Azure Kubernetes Service RBAC Admin", AKS_RBAC_ACTIONS, List.of()),
            new Role("b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b", "Azure Kubernetes Service RBAC Cluster Admin", AKS_RBAC_ACTIONS,
                    List.of()));

    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final List<Assignment> assignments = new java.util.concurrent.CopyOnWriteArrayList<>();

    AzureRbac() {
        BUILT_IN.forEach(r -> roles.put(r.name().toLowerCase(Locale.ROOT), r));
    }

    /** A custom role (from the seed); its id is derived from its name, as stable as a real one. */
    Role defineCustomRole(String name, List<String> actions, List<String> notActions) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("custom role '" + name + "' has no actions");
        }
        Role role = new Role(java.util.UUID.nameUUIDFromBytes(("role:" + name).getBytes()).toString(), name,
                List.copyOf(actions), List.copyOf(notActions));
        roles.put(name.toLowerCase(Locale.ROOT), role);
        return role;
    }

    Optional<Role> role(String name) {
        return Optional.ofNullable(roles.get(name.toLowerCase(Locale.ROOT)));
    }

    void assign(String clientId, String roleName, String scope) {
        assign(clientId, roleName, scope, null);
    }

    /** A seed assignment, optionally with a delegation condition (see {@link #assignableRoles}). */
    void assign(String clientId, String roleName, String scope, String condition) {
        Role role = role(roleName).orElseThrow(() -> new IllegalArgumentException("unknown role '" + roleName
                + "' (known: " + roles.values().stream().map(Role::name).sorted().toList() + ")"));
        assignments.add(new Assignment(clientId.toLowerCase(Locale.ROOT), role, scope, java.util.UUID.randomUUID().toString(),
                "ServicePrincipal", condition == null ? null : assignableRoles(condition)));
    }

    Optional<Role> roleById(String id) {
        return roles.values().stream().filter(r -> r.id().equalsIgnoreCase(id)).findFirst();
    }

    /**
     * The role definition ids a delegation condition lets its holder assign or remove. Only Azure's documented form
     * "allow to assign only these roles" is understood: every {@code GuidEquals {id, ...}} list names the same roles.
     */
    static java.util.Set<String> assignableRoles(String condition) {
        java.util.regex.Matcher m = Pattern.compile("GuidEquals\\s*\\{([^}]*)\\}").matcher(condition);
        java.util.Set<String> ids = null;
        while (m.find()) {
            java.util.Set<String> these = new java.util.TreeSet<>();
            for (String id : m.group(1).split("[,\\s]+")) {
                if (!id.isBlank()) {
                    these.add(id.trim().toLowerCase(Locale.ROOT));
                }
            }
            if (ids != null && !ids.equals(these)) {
                throw new IllegalArgumentException("condition lists different roles for assign and delete: " + condition);
            }
            ids = these;
        }
        if (ids == null || !condition.contains("Microsoft.Authorization/roleAssignments:RoleDefinitionId")) {
            throw new IllegalArgumentException("the simulator understands only the condition that limits which roles may be"
                    + " assigned: " + condition);
        }
        return java.util.Set.copyOf(ids);
    }

    /**
     * Whether {@code clientId} may create or delete ({@code action}) an assignment of role {@code roleId} at {@code path}:
     * an assignment at or above it allows the action, and its condition (if any) lets it handle that role.
     */
    boolean allowsAssigning(String clientId, String action, String path, String roleId) {
        return applicable(clientId, path).stream().anyMatch(a -> a.role().allows(action)
                && (a.assignableRoleIds() == null || a.assignableRoleIds().contains(roleId.toLowerCase(Locale.ROOT))));
    }

    /** Role assignments made through ARM (for any principal: service principals, groups, users). */
    Assignment create(String name, String principalId, String principalType, Role role, String scope) {
        Assignment a = new Assignment(principalId.toLowerCase(Locale.ROOT), role, scope, name.toLowerCase(Locale.ROOT),
                principalType, null);
        assignments.add(a);
        return a;
    }

    Optional<Assignment> byName(String name) {
        return assignments.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    void remove(Assignment a) {
        assignments.remove(a);
    }

    /** The assignments made exactly at {@code scope}. */
    List<Assignment> at(String scope) {
        return assignments.stream().filter(a -> a.scope().equalsIgnoreCase(scope)).toList();
    }

    /** Whether {@code clientId} may perform {@code action} at {@code path}. */
    boolean allows(String clientId, String action, String path) {
        return applicable(clientId, path).stream().anyMatch(a -> a.role().allows(action));
    }

    /** Whether {@code clientId} has any role assignment at or above {@code path}. */
    boolean hasAnyRole(String clientId, String path) {
        return !applicable(clientId, path).isEmpty();
    }

    /** The assignments of {@code clientId} that apply at {@code path}. */
    List<Assignment> applicable(String clientId, String path) {
        List<Assignment> result = new ArrayList<>();
        for (Assignment a : assignments) {
            if (a.clientId().equalsIgnoreCase(clientId) && a.covers(path)) {
                result.add(a);
            }
        }
        return result;
    }

    /** ARM's action pattern: case-insensitive, {@code *} for any characters. */
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
