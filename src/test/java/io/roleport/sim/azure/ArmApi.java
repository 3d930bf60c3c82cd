package io.roleport.sim.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Azure Resource Manager: subscriptions, resource groups, generic resource listing and AKS managed clusters with
 * long-running operations. State is in memory; transitions happen when their time has come (checked lazily at every
 * call). All methods run under one lock.
 */
final class ArmApi {

    static final String DEFAULT_KUBERNETES_VERSION = "1.32.7";
    static final String AKS_TYPE = "Microsoft.ContainerService/managedClusters";
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?");
    private static final Pattern RG_NAME = Pattern.compile("[-\\w._()]{0,89}[-\\w_()]");

    /** A routed ARM call: operation name (for journal and faults), its RBAC action and the path's parts. */
    record Route(String operation, String action, boolean write, String subscription, String resourceGroup, String name,
                 String id) {
    }

    private static final class ResourceGroup {
        String subscription;
        String name;
        String location;
        ObjectNode tags;
        Instant deletedAt; // non-null while deleting
    }

    private static final class Cluster {
        String subscription;
        String resourceGroup;
        String name;
        String location;
        JsonNode request;
        ObjectNode resource;
        String state; // Creating, Updating, Succeeded, Deleting
        Instant transitionAt;
        String operationId;
        String fqdn;
        /** Agent pools being deleted: they go when the cluster's current operation ends. */
        final java.util.Set<String> deletingPools = new java.util.HashSet<>();
    }

    private static final class Operation {
        String id;
        String subscription;
        Instant start;
        Instant doneAt;
    }

    private final AzureDirectory directory;
    private final ObjectMapper json;
    private final Clock clock;
    private final Supplier<Duration> delay;
    private final Map<String, ResourceGroup> groups = new LinkedHashMap<>();   // sub/rg (lower case)
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();       // sub/rg/name (lower case)
    private final Map<String, Operation> operations = new LinkedHashMap<>();

    ArmApi(AzureDirectory directory, ObjectMapper json, Clock clock, Supplier<Duration> delay) {
        this.directory = directory;
        this.json = json;
        this.clock = clock;
        this.delay = delay;
    }

    // ------------------------------------------------------------------------------------------------ routing

    /** Routes {@code segs} (decoded path segments) or returns null if ARM has no such operation. */
    static Route route(String method, String[] segs) {
        String[] l = java.util.Arrays.stream(segs).map(s -> s.toLowerCase(Locale.ROOT)).toArray(String[]::new);
        int n = l.length;
        if (n == 0 || !l[0].equals("subscriptions")) {
            return null;
        }
        if (n == 1) {
            return method.equals("GET") ? new Route("ListSubscriptions", "Microsoft.Resources/subscriptions/read", false, null, null, null, null) : null;
        }
        String sub = segs[1];
        if (n == 2) {
            return method.equals("GET") ? new Route("GetSubscription", "Microsoft.Resources/subscriptions/read", false, sub, null, null, null) : null;
        }
        if (n == 3 && l[2].equals("resources") && method.equals("GET")) {
            return new Route("ListResources", "Microsoft.Resources/subscriptions/resources/read", false, sub, null, null, null);
        }
        if (n == 3 && l[2].equals("resourcegroups") && method.equals("GET")) {
            return new Route("ListResourceGroups", "Microsoft.Resources/subscriptions/resourceGroups/read", false, sub, null, null, null);
        }
        if (n == 4 && l[2].equals("operationresults") && method.equals("GET")) {
            return new Route("GetOperationResult", "Microsoft.Resources/subscriptions/operationresults/read", false, sub, null, null, segs[3]);
        }
        if (n == 4 && l[2].equals("resourcegroups")) {
            String rg = segs[3];
            return switch (method) {
                case "PUT" -> new Route("PutResourceGroup", "Microsoft.Resources/subscriptions/resourceGroups/write", true, sub, rg, null, null);
                case "GET" -> new Route("GetResourceGroup", "Microsoft.Resources/subscriptions/resourceGroups/read", false, sub, rg, null, null);
                case "HEAD" -> new Route("CheckResourceGroup", "Microsoft.Resources/subscriptions/resourceGroups/read", false, sub, rg, null, null);
                case "DELETE" -> new Route("DeleteResourceGroup", "Microsoft.Resources/subscriptions/resourceGroups/delete", true, sub, rg, null, null);
                default -> null;
            };
        }
        if (n == 5 && l[2].equals("resourcegroups") && l[4].equals("resources") && method.equals("GET")) {
            return new Route("ListResources", "Microsoft.Resources/subscriptions/resourceGroups/resources/read", false, sub, segs[3], null, null);
        }
        if (n == 5 && l[2].equals("providers") && l[3].equals("microsoft.containerservice") && l[4].equals("managedclusters") && method.equals("GET")) {
            return new Route("ListManagedClusters", "Microsoft.ContainerService/managedClusters/read", false, sub, null, null, null);
        }
        if (n == 8 && l[2].equals("providers") && l[3].equals("microsoft.containerservice") && l[4].equals("locations")
                && method.equals("GET")) {
            if (l[6].equals("operations")) {
                return new Route("GetOperationStatus", "Microsoft.ContainerService/locations/operations/read", false, sub, null, null, segs[7]);
            }
            if (l[6].equals("operationresults")) {
                return new Route("GetOperationResult", "Microsoft.ContainerService/locations/operationresults/read", false, sub, null, null, segs[7]);
            }
        }
        if (n == 7 && l[2].equals("resourcegroups") && l[4].equals("providers") && l[5].equals("microsoft.authorization")
                && l[6].equals("permissions") && method.equals("GET")) {
            return new Route("ListPermissionsForResourceGroup", "Microsoft.Authorization/permissions/read", false, sub, segs[3],
                    null, null);
        }
        if (n >= 7 && l[2].equals("resourcegroups") && l[4].equals("providers") && l[5].equals("microsoft.containerservice")
                && l[6].equals("managedclusters")) {
            String rg = segs[3];
            if (n == 7 && method.equals("GET")) {
                return new Route("ListManagedClusters", "Microsoft.ContainerService/managedClusters/read", false, sub, rg, null, null);
            }
            if (n == 8) {
                String name = segs[7];
                return switch (method) {
                    case "PUT" -> new Route("PutManagedCluster", "Microsoft.ContainerService/managedClusters/write", true, sub, rg, name, null);
                    case "GET" -> new Route("GetManagedCluster", "Microsoft.ContainerService/managedClusters/read", false, sub, rg, name, null);
                    case "DELETE" -> new Route("DeleteManagedCluster", "Microsoft.ContainerService/managedClusters/delete", true, sub, rg, name, null);
                    default -> null;
                };
            }
            if (n == 9 && l[8].equals("agentpools") && method.equals("GET")) {
                return new Route("ListAgentPools", "Microsoft.ContainerService/managedClusters/agentPools/read", false, sub, rg,
                        segs[7], null);
            }
            if (n == 10 && l[8].equals("agentpools")) {
                return switch (method) {
                    case "PUT" -> new Route("PutAgentPool", "Microsoft.ContainerService/managedClusters/agentPools/write", true,
                            sub, rg, segs[7], segs[9]);
                    case "GET" -> new Route("GetAgentPool", "Microsoft.ContainerService/managedClusters/agentPools/read", false,
                            sub, rg, segs[7], segs[9]);
                    case "DELETE" -> new Route("DeleteAgentPool", "Microsoft.ContainerService/managedClusters/agentPools/delete",
                            true, sub, rg, segs[7], segs[9]);
                    default -> null;
                };
            }
            if (n >= 11 && l[8].equals("providers") && l[9].equals("microsoft.authorization") && l[10].equals("roleassignments")) {
                if (n == 11 && method.equals("GET")) {
                    return new Route("ListRoleAssignments", "Microsoft.Authorization/roleAssignments/read", false, sub, rg, segs[7], null);
                }
                if (n == 12) {
                    return switch (method) {
                        case "PUT" -> new Route("CreateRoleAssignment", "Microsoft.Authorization/roleAssignments/write", true, sub, rg,
                                segs[7], segs[11]);
                        case "DELETE" -> new Route("DeleteRoleAssignment", "Microsoft.Authorization/roleAssignments/delete", true, sub,
                                rg, segs[7], segs[11]);
                        default -> null;
                    };
                }
            }
            if (n == 9 && method.equals("POST") && l[8].equals("listclusterusercredential")) {
                return new Route("ListClusterUserCredential",
                        "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", true, sub, rg, segs[7], null);
            }
            if (n == 9 && method.equals("POST") && l[8].equals("listclusteradmincredential")) {
                return new Route("ListClusterAdminCredential",
                        "Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action", true, sub, rg, segs[7], null);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ execution

    /** Checks the caller's access to the route's subscription, then runs it. */
    synchronized Reply execute(Route r, String scopePath, Map<String, String> query, byte[] body, Caller caller, String base) {
        tick();
        if (r.operation().equals("ListSubscriptions")) {
            ObjectNode list = json.createObjectNode();
            ArrayNode value = list.putArray("value");
            directory.subscriptions().stream()
                    .filter(s -> s.tenantId().equalsIgnoreCase(caller.tenantId())
                            && directory.rbac.hasAnyRole(caller.clientId(), "/subscriptions/" + s.id()))
                    .forEach(s -> value.add(subscriptionJson(s)));
            list.putArray("count").addObject().put("type", "Total").put("value", value.size());
            return Reply.json(200, list);
        }
        AzureDirectory.Subscription sub = directory.subscription(r.subscription()).orElseThrow(() -> AzureError.arm(404,
                "SubscriptionNotFound", "The subscription '" + r.subscription() + "' could not be found."));
        if (!sub.tenantId().equalsIgnoreCase(caller.tenantId())) {
            throw AzureError.arm(401, "InvalidAuthenticationTokenTenant", "The access token is from the wrong issuer"
                    + " 'https://sts.windows.net/" + caller.tenantId() + "/'. It must match the tenant 'https://sts.windows.net/"
                    + sub.tenantId() + "/' associated with this subscription. Please use the authority (URL)"
                    + " 'https://login.windows.net/" + sub.tenantId() + "' to get the token. Note, if the subscription is"
                    + " transferred to another tenant there is no impact to the services, but information about new tenant"
                    + " could take time to propagate (up to an hour).");
        }
        // The caller's own permissions: any principal with a role at the scope may read them (the simulator's choice:
        // Azure documents no action for it; Reader, Contributor and custom roles alike list their own).
        boolean allowed = r.operation().equals("ListPermissionsForResourceGroup")
                ? directory.rbac.hasAnyRole(caller.clientId(), scopePath)
                : directory.rbac.allows(caller.clientId(), r.action(), scopePath);
        if (!allowed) {
            throw AzureError.arm(403, "AuthorizationFailed", "The client '" + caller.clientId() + "' with object id '"
                    + caller.objectId() + "' does not have authorization to perform action '" + r.action() + "' over scope '"
                    + scopePath + "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
        }
        if (!query.containsKey("api-version")) {
            throw AzureError.arm(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        String apiVersion = query.get("api-version");
        return switch (r.operation()) {
            case "GetSubscription" -> Reply.json(200, subscriptionJson(sub));
            case "ListResources" -> listResources(sub.id(), r.resourceGroup());
            case "ListResourceGroups" -> listGroups(sub.id());
            case "PutResourceGroup" -> putGroup(sub.id(), r.resourceGroup(), parse(body));
            case "GetResourceGroup" -> Reply.json(200, groupJson(group(sub.id(), r.resourceGroup())));
            case "CheckResourceGroup" -> groups.containsKey(key(sub.id(), r.resourceGroup())) ? Reply.empty(204) : Reply.empty(404);
            case "DeleteResourceGroup" -> deleteGroup(sub.id(), r.resourceGroup(), base, apiVersion);
            case "ListManagedClusters" -> listClusters(sub.id(), r.resourceGroup());
            case "PutManagedCluster" -> putCluster(sub.id(), r.resourceGroup(), r.name(), parse(body), base, apiVersion);
            case "GetManagedCluster" -> Reply.json(200, clusterJson(cluster(sub.id(), r.resourceGroup(), r.name())));
            case "DeleteManagedCluster" -> deleteCluster(sub.id(), r.resourceGroup(), r.name(), base, apiVersion);
            case "ListPermissionsForResourceGroup" -> permissions(sub.id(), r.resourceGroup(), scopePath, caller);
            case "ListRoleAssignments" -> listRoleAssignments(cluster(sub.id(), r.resourceGroup(), r.name()));
            case "CreateRoleAssignment" -> createRoleAssignment(cluster(sub.id(), r.resourceGroup(), r.name()), r.id(),
                    parse(body), caller, scopePath);
            case "DeleteRoleAssignment" -> deleteRoleAssignment(cluster(sub.id(), r.resourceGroup(), r.name()), r.id(), caller,
                    scopePath);
            case "ListClusterUserCredential" -> credentials(cluster(sub.id(), r.resourceGroup(), r.name()), "clusterUser");
            case "ListClusterAdminCredential" -> credentials(cluster(sub.id(), r.resourceGroup(), r.name()), "clusterAdmin");
            case "ListAgentPools" -> listAgentPools(cluster(sub.id(), r.resourceGroup(), r.name()));
            case "GetAgentPool" -> Reply.json(200, agentPoolJson(cluster(sub.id(), r.resourceGroup(), r.name()),
                    agentPool(cluster(sub.id(), r.resourceGroup(), r.name()), r.id())));
            case "PutAgentPool" -> putAgentPool(cluster(sub.id(), r.resourceGroup(), r.name()), r.id(), parse(body), base,
                    apiVersion);
            case "DeleteAgentPool" -> deleteAgentPool(cluster(sub.id(), r.resourceGroup(), r.name()), r.id(), base,
                    apiVersion);
            case "GetOperationStatus" -> operationStatus(sub.id(), r.id());
            case "GetOperationResult" -> operationResult(sub.id(), r.id(), scopePath, query);
            default -> throw AzureError.arm(400, "InvalidRequest", "Unsupported operation " + r.operation());
        };
    }

    /** Applies every transition whose time has come. */
    private void tick() {
        Instant now = clock.instant();
        for (Iterator<Cluster> it = clusters.values().iterator(); it.hasNext(); ) {
            Cluster c = it.next();
            if (c.transitionAt != null && !now.isBefore(c.transitionAt)) {
                if (c.state.equals("Deleting")) {
                    it.remove();
                } else {
                    c.state = "Succeeded";
                    c.transitionAt = null;
                    ArrayNode pools = ((ObjectNode) c.resource.path("properties")).withArray("agentPoolProfiles");
                    for (int i = pools.size() - 1; i >= 0; i--) {
                        if (c.deletingPools.contains(pools.get(i).path("name").asText())) {
                            pools.remove(i);
                        }
                    }
                    c.deletingPools.clear();
                }
            }
        }
        for (Iterator<ResourceGroup> it = groups.values().iterator(); it.hasNext(); ) {
            ResourceGroup g = it.next();
            if (g.deletedAt != null && !now.isBefore(g.deletedAt)) {
                clusters.values().removeIf(c -> c.subscription.equalsIgnoreCase(g.subscription) && c.resourceGroup.equalsIgnoreCase(g.name));
                it.remove();
            }
        }
    }

    private Operation newOperation(String sub, Duration d) {
        Operation op = new Operation();
        op.id = UUID.randomUUID().toString();
        op.subscription = sub;
        op.start = clock.instant();
        op.doneAt = op.start.plus(d);
        operations.put(op.id, op);
        return op;
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode n = body.length == 0 ? json.createObjectNode() : json.readTree(body);
            if (!n.isObject()) {
                throw AzureError.arm(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: not an object.");
            }
            return n;
        } catch (java.io.IOException e) {
            throw AzureError.arm(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: " + e.getMessage());
        }
    }

    private static String key(String... parts) {
        return String.join("/", parts).toLowerCase(Locale.ROOT);
    }

    private ObjectNode subscriptionJson(AzureDirectory.Subscription s) {
        ObjectNode o = json.createObjectNode();
        o.put("id", "/subscriptions/" + s.id());
        o.put("authorizationSource", "RoleBased");
        o.putArray("managedByTenants");
        o.put("subscriptionId", s.id());
        o.put("tenantId", s.tenantId());
        o.put("displayName", s.displayName());
        o.put("state", "Enabled");
        ObjectNode p = o.putObject("subscriptionPolicies");
        p.put("locationPlacementId", "Public_2014-09-01");
        p.put("quotaId", "PayAsYouGo_2014-09-01");
        p.put("spendingLimit", "Off");
        return o;
    }

    /** The caller's permissions at a resource group: one entry per role assignment that applies there. */
    private Reply permissions(String sub, String rg, String scopePath, Caller caller) {
        group(sub, rg);
        String path = scopePath.substring(0, scopePath.toLowerCase(Locale.ROOT).indexOf("/providers/microsoft.authorization"));
        ObjectNode list = json.createObjectNode();
        ArrayNode value = list.putArray("value");
        for (AzureRbac.Assignment a : directory.rbac.applicable(caller.clientId(), path)) {
            ObjectNode p = value.addObject();
            a.role().actions().forEach(p.putArray("actions")::add);
            a.role().notActions().forEach(p.putArray("notActions")::add);
            p.putArray("dataActions");
            p.putArray("notDataActions");
        }
        return Reply.json(200, list);
    }

    // ------------------------------------------------------------------------------------------------ role assignments

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ObjectNode roleAssignmentJson(AzureRbac.Assignment a, String subscription) {
        ObjectNode o = json.createObjectNode();
        o.put("id", a.scope() + "/providers/Microsoft.Authorization/roleAssignments/" + a.name());
        o.put("name", a.name());
        o.put("type", "Microsoft.Authorization/roleAssignments");
        ObjectNode p = o.putObject("properties");
        p.put("roleDefinitionId", "/subscriptions/" + subscription + "/providers/Microsoft.Authorization/roleDefinitions/"
                + a.role().id());
        p.put("principalId", a.clientId());
        p.put("principalType", a.principalType());
        p.put("scope", a.scope());
        return o;
    }

    private Reply listRoleAssignments(Cluster c) {
        ObjectNode list = json.createObjectNode();
        ArrayNode value = list.putArray("value");
        directory.rbac.at(clusterId(c)).forEach(a -> value.add(roleAssignmentJson(a, c.subscription)));
        return Reply.json(200, list);
    }

    /** PUT a role assignment on a cluster: a GUID name, a known role, a principal of the directory, the caller's condition. */
    private Reply createRoleAssignment(Cluster c, String name, JsonNode body, Caller caller, String scopePath) {
        if (!GUID.matcher(name).matches()) {
            throw AzureError.arm(400, "InvalidRoleAssignmentId", "The role assignment ID '" + name + "' is not valid. The role"
                    + " assignment ID must be a GUID.");
        }
        JsonNode p = body.path("properties");
        String roleDefinitionId = p.path("roleDefinitionId").asText("");
        String roleGuid = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
        AzureRbac.Role role = directory.rbac.roleById(roleGuid).orElseThrow(() -> AzureError.arm(400,
                "RoleDefinitionDoesNotExist", "The specified role definition with ID '" + roleGuid + "' does not exist."));
        String principalId = p.path("principalId").asText("");
        String principalType = p.path("principalType").asText("");
        if (!GUID.matcher(principalId).matches() || directory.groupName(principalId).isEmpty() || !"Group".equals(principalType)) {
            throw AzureError.arm(400, "PrincipalNotFound", "Principal " + principalId.replace("-", "") + " does not exist in"
                    + " the directory " + caller.tenantId() + ". Check that you have the correct principal ID. If you are"
                    + " creating this principal and then immediately assigning a role, this error might be related to a"
                    + " replication delay. In this case, set the role assignment principalType property to a value, such as"
                    + " ServicePrincipal, User, or Group.");
        }
        if (!directory.rbac.allowsAssigning(caller.clientId(), "Microsoft.Authorization/roleAssignments/write", scopePath,
                role.id())) {
            throw AzureError.arm(403, "AuthorizationFailed", "The client '" + caller.clientId() + "' with object id '"
                    + caller.objectId() + "' does not have authorization or an ABAC condition not fulfilled to perform action"
                    + " 'Microsoft.Authorization/roleAssignments/write' over scope '" + clusterId(c)
                    + "/providers/Microsoft.Authorization/roleAssignments/" + name + "' or the scope is invalid. If access was"
                    + " recently granted, please refresh your credentials.");
        }
        String scope = clusterId(c);
        var existing = directory.rbac.byName(name);
        if (existing.isPresent()) {
            AzureRbac.Assignment a = existing.get();
            if (!a.scope().equalsIgnoreCase(scope) || !a.role().id().equals(role.id()) || !a.clientId().equalsIgnoreCase(principalId)) {
                throw AzureError.arm(400, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and"
                        + " scope are not allowed to be updated.");
            }
            return Reply.json(200, roleAssignmentJson(a, c.subscription));
        }
        if (directory.rbac.at(scope).stream().anyMatch(a -> a.role().id().equals(role.id())
                && a.clientId().equalsIgnoreCase(principalId))) {
            throw AzureError.arm(409, "RoleAssignmentExists", "The role assignment already exists.");
        }
        return Reply.json(201, roleAssignmentJson(directory.rbac.create(name, principalId, principalType, role, scope),
                c.subscription));
    }

    private Reply deleteRoleAssignment(Cluster c, String name, Caller caller, String scopePath) {
        var existing = directory.rbac.byName(name).filter(a -> a.scope().equalsIgnoreCase(clusterId(c)));
        if (existing.isEmpty()) {
            return Reply.empty(204);
        }
        if (!directory.rbac.allowsAssigning(caller.clientId(), "Microsoft.Authorization/roleAssignments/delete", scopePath,
                existing.get().role().id())) {
            throw AzureError.arm(403, "AuthorizationFailed", "The client '" + caller.clientId() + "' with object id '"
                    + caller.objectId() + "' does not have authorization or an ABAC condition not fulfilled to perform action"
                    + " 'Microsoft.Authorization/roleAssignments/delete' over scope '" + scopePath + "' or the scope is"
                    + " invalid. If access was recently granted, please refresh your credentials.");
        }
        directory.rbac.remove(existing.get());
        return Reply.json(200, roleAssignmentJson(existing.get(), c.subscription));
    }

    // ------------------------------------------------------------------------------------------------ resource groups

    private ResourceGroup group(String sub, String rg) {
        ResourceGroup g = groups.get(key(sub, rg));
        if (g == null) {
            throw AzureError.arm(404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
        }
        return g;
    }

    private ObjectNode groupJson(ResourceGroup g) {
        ObjectNode o = json.createObjectNode();
        o.put("id", "/subscriptions/" + g.subscription + "/resourceGroups/" + g.name);
        o.put("name", g.name);
        o.put("type", "Microsoft.Resources/resourceGroups");
        o.put("location", g.location);
        o.set("tags", g.tags.deepCopy());
        o.putObject("properties").put("provisioningState", g.deletedAt != null ? "Deleting" : "Succeeded");
        return o;
    }

    private Reply putGroup(String sub, String rg, JsonNode body) {
        if (!RG_NAME.matcher(rg).matches()) {
            throw AzureError.arm(400, "InvalidResourceGroup", "The provided resource group name '" + rg + "' has these invalid"
                    + " characters or is too long. The name can be up to 90 characters long and contain letters, digits,"
                    + " underscores, periods, hyphens and parentheses, and cannot end in a period.");
        }
        String location = body.path("location").asText("");
        if (location.isBlank()) {
            throw AzureError.arm(400, "LocationRequired", "The location property is required for this definition.");
        }
        ResourceGroup g = groups.get(key(sub, rg));
        ObjectNode tags = body.path("tags").isObject() ? (ObjectNode) body.path("tags").deepCopy() : json.createObjectNode();
        if (g != null) {
            if (g.deletedAt != null) {
                throw AzureError.arm(409, "ResourceGroupBeingDeleted", "The resource group '" + rg + "' is in deprovisioning state"
                        + " and cannot perform this operation.");
            }
            if (!normLocation(g.location).equals(normLocation(location))) {
                throw AzureError.arm(409, "InvalidResourceGroupLocation", "Invalid resource group location '" + location
                        + "'. The Resource group already exists in location '" + g.location + "'.");
            }
            g.tags = tags;
            return Reply.json(200, groupJson(g));
        }
        g = new ResourceGroup();
        g.subscription = sub;
        g.name = rg;
        g.location = normLocation(location);
        g.tags = tags;
        groups.put(key(sub, rg), g);
        return Reply.json(201, groupJson(g));
    }

    private static String normLocation(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private Reply deleteGroup(String sub, String rg, String base, String apiVersion) {
        ResourceGroup g = group(sub, rg);
        Duration d = delay.get();
        if (g.deletedAt == null) {
            g.deletedAt = clock.instant().plus(d);
            for (Cluster c : clusters.values()) {
                if (c.subscription.equalsIgnoreCase(sub) && c.resourceGroup.equalsIgnoreCase(rg) && !c.state.equals("Deleting")) {
                    c.state = "Deleting";
                    c.transitionAt = g.deletedAt;
                }
            }
        }
        Operation op = newOperation(sub, Duration.between(clock.instant(), g.deletedAt).isNegative() ? Duration.ZERO
                : Duration.between(clock.instant(), g.deletedAt));
        String location = base + "/subscriptions/" + sub + "/operationresults/" + op.id + "?api-version=" + apiVersion;
        return Reply.empty(202).header("Location", location).header("Retry-After", "1");
    }

    private Reply listGroups(String sub) {
        ObjectNode list = json.createObjectNode();
        ArrayNode value = list.putArray("value");
        groups.values().stream().filter(g -> g.subscription.equalsIgnoreCase(sub)).forEach(g -> value.add(groupJson(g)));
        return Reply.json(200, list);
    }

    private Reply listResources(String sub, String rg) {
        if (rg != null) {
            group(sub, rg);
        }
        ObjectNode list = json.createObjectNode();
        ArrayNode value = list.putArray("value");
        for (Cluster c : clusters.values()) {
            if (c.subscription.equalsIgnoreCase(sub) && (rg == null || c.resourceGroup.equalsIgnoreCase(rg))) {
                ObjectNode o = value.addObject();
                o.put("id", clusterId(c));
                o.put("name", c.name);
                o.put("type", AKS_TYPE);
                o.put("location", c.location);
                o.set("tags", c.resource.path("tags").deepCopy());
            }
        }
        return Reply.json(200, list);
    }

    // ------------------------------------------------------------------------------------------------ AKS

    private static String clusterId(Cluster c) {
        return "/subscriptions/" + c.subscription + "/resourcegroups/" + c.resourceGroup
                + "/providers/Microsoft.ContainerService/managedClusters/" + c.name;
    }

    /** What the AKS data plane needs to know about a cluster. */
    record AksView(String id, String name, String location, String state, String tenantId, boolean entraManaged,
                   boolean azureRbac, String version, List<Map.Entry<String, Integer>> pools) {}

    /** The cluster {@code sub/rg/name} as its Kubernetes API sees it, or null when there is none. */
    synchronized AksView aksView(String sub, String rg, String name) {
        tick();
        Cluster c = clusters.get(key(sub, rg, name));
        if (c == null) {
            return null;
        }
        JsonNode p = c.resource.path("properties");
        JsonNode aad = p.path("aadProfile");
        String tenant = aad.path("tenantID").asText(
                directory.subscription(c.subscription).map(AzureDirectory.Subscription::tenantId).orElse(""));
        List<Map.Entry<String, Integer>> pools = new java.util.ArrayList<>();
        p.path("agentPoolProfiles").forEach(ap -> pools.add(Map.entry(ap.path("name").asText(), ap.path("count").asInt(1))));
        return new AksView(clusterId(c), c.name, c.location, c.state, tenant.toLowerCase(Locale.ROOT),
                aad.path("managed").asBoolean(false), aad.path("enableAzureRBAC").asBoolean(false),
                p.path("currentKubernetesVersion").asText(DEFAULT_KUBERNETES_VERSION), List.copyOf(pools));
    }

    private Cluster cluster(String sub, String rg, String name) {
        group(sub, rg);
        Cluster c = clusters.get(key(sub, rg, name));
        if (c == null) {
            throw AzureError.arm(404, "ResourceNotFound", "The Resource '" + AKS_TYPE + "/" + name + "' under resource group '"
                    + rg + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
        }
        return c;
    }

    private ObjectNode clusterJson(Cluster c) {
        ObjectNode o = c.resource.deepCopy();
        ObjectNode p = (ObjectNode) o.get("properties");
        p.put("provisioningState", c.state);
        p.putObject("powerState").put("code", "Running");
        for (JsonNode pool : p.withArray("agentPoolProfiles")) {
            ((ObjectNode) pool).put("provisioningState", c.state);
            ((ObjectNode) pool).putObject("powerState").put("code", "Running");
        }
        return o;
    }

    private Reply listClusters(String sub, String rg) {
        if (rg != null) {
            group(sub, rg);
        }
        ObjectNode list = json.createObjectNode();
        ArrayNode value = list.putArray("value");
        clusters.values().stream().filter(c -> c.subscription.equalsIgnoreCase(sub) && (rg == null || c.resourceGroup.equalsIgnoreCase(rg)))
                .forEach(c -> value.add(clusterJson(c)));
        return Reply.json(200, list);
    }

    private Reply putCluster(String sub, String rg, String name, JsonNode body, String base, String apiVersion) {
        ResourceGroup g = group(sub, rg);
        if (g.deletedAt != null) {
            throw AzureError.arm(409, "ResourceGroupBeingDeleted", "The resource group '" + rg + "' is in deprovisioning state"
                    + " and cannot perform this operation.");
        }
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw AzureError.arm(400, "InvalidParameter", "The value of parameter resourceName is invalid: '" + name
                    + "'. Cluster names must be 1-63 characters of letters, digits, '-' and '_', starting and ending with a letter or digit.");
        }
        String location = body.path("location").asText("");
        if (location.isBlank()) {
            throw AzureError.arm(400, "LocationRequired", "The location property is required for this definition.");
        }
        String version = body.path("properties").path("kubernetesVersion").asText("");
        if (!version.isBlank() && !version.matches("\\d+\\.\\d+(\\.\\d+)?")) {
            throw AzureError.arm(400, "InvalidParameter", "The value of parameter kubernetesVersion is invalid: '" + version + "'.");
        }
        JsonNode aad = body.path("properties").path("aadProfile");
        if (aad.path("enableAzureRBAC").asBoolean(false) && !aad.path("managed").asBoolean(false)) {
            throw AzureError.arm(400, "BadRequest", "Azure RBAC can only be enabled with managed AAD integration"
                    + " (aadProfile.managed=true).");
        }
        if (body.path("properties").path("disableLocalAccounts").asBoolean(false) && !aad.path("managed").asBoolean(false)) {
            throw AzureError.arm(400, "BadRequest", "To disable local accounts, the cluster must have managed AAD integration"
                    + " enabled (aadProfile.managed=true).");
        }
        if (aad.hasNonNull("tenantID") && !GUID.matcher(aad.path("tenantID").asText()).matches()) {
            throw AzureError.arm(400, "InvalidParameter", "The value of parameter aadProfile.tenantID is invalid.");
        }
        String k = key(sub, rg, name);
        Cluster c = clusters.get(k);
        Duration d = delay.get();
        int status;
        if (c != null) {
            if (c.state.equals("Deleting")) {
                throw AzureError.arm(409, "OperationNotAllowed", "Operation is not allowed: Another operation (Deleting) is in"
                        + " progress, please wait for it to finish before starting a new operation.");
            }
            if (!normLocation(c.location).equals(normLocation(location))) {
                throw AzureError.arm(400, "LocationNotAvailableForResourceType", "Cluster " + name + " already exists in location "
                        + c.location + "; its location cannot change.");
            }
            if (c.request.equals(body)) {
                // Same body: the same cluster. An operation still running is answered again; otherwise one that is done.
                Operation op = operations.get(c.operationId);
                if (op == null || !c.state.equals("Creating") && !c.state.equals("Updating")) {
                    op = newOperation(sub, Duration.ZERO);
                    c.operationId = op.id;
                }
                return withAsync(Reply.json(200, clusterJson(c)), c, op, base, apiVersion, false);
            }
            if (!c.state.equals("Succeeded")) {
                throw inProgress(c);
            }
            requireVersionStep(c, body.path("properties").path("kubernetesVersion").asText(""));
            c.request = body.deepCopy();
            c.resource = buildResource(c, body);
            c.state = "Updating";
            c.transitionAt = clock.instant().plus(d);
            status = 200;
        } else {
            c = new Cluster();
            c.subscription = sub;
            c.resourceGroup = g.name;
            c.name = name;
            c.location = normLocation(location);
            c.fqdn = dnsPrefix(body, name) + "-" + UUID.nameUUIDFromBytes(k.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8)
                    + ".hcp." + c.location + ".azmk8s.io";
            c.request = body.deepCopy();
            c.resource = buildResource(c, body);
            c.state = "Creating";
            c.transitionAt = clock.instant().plus(d);
            clusters.put(k, c);
            status = 201;
        }
        Operation op = newOperation(sub, d);
        c.operationId = op.id;
        return withAsync(Reply.json(status, clusterJson(c)), c, op, base, apiVersion, false);
    }

    private static String dnsPrefix(JsonNode body, String name) {
        String p = body.path("properties").path("dnsPrefix").asText("");
        return p.isBlank() ? name.replace("_", "-") + "-dns" : p;
    }

    private ObjectNode buildResource(Cluster c, JsonNode body) {
        ObjectNode o = json.createObjectNode();
        o.put("id", clusterId(c));
        o.put("location", c.location);
        o.put("name", c.name);
        o.put("type", "Microsoft.ContainerService/ManagedClusters");
        o.set("tags", body.path("tags").isObject() ? body.path("tags").deepCopy() : json.createObjectNode());
        o.set("sku", body.path("sku").isObject() ? body.path("sku").deepCopy()
                : json.createObjectNode().put("name", "Base").put("tier", "Free"));
        if (body.path("identity").isObject()) {
            ObjectNode id = body.path("identity").deepCopy();
            if ("SystemAssigned".equalsIgnoreCase(id.path("type").asText())) {
                id.put("principalId", UUID.nameUUIDFromBytes(("mi/" + clusterId(c)).getBytes(StandardCharsets.UTF_8)).toString());
                id.put("tenantId", directory.subscription(c.subscription).map(AzureDirectory.Subscription::tenantId).orElse(null));
            }
            o.set("identity", id);
        }
        ObjectNode p = body.path("properties").isObject() ? body.path("properties").deepCopy() : json.createObjectNode();
        String version = p.path("kubernetesVersion").asText("");
        if (version.isBlank()) {
            version = DEFAULT_KUBERNETES_VERSION;
        } else if (version.chars().filter(ch -> ch == '.').count() == 1) {
            version = version + ".7";
        }
        p.put("kubernetesVersion", p.path("kubernetesVersion").asText("").isBlank() ? version : p.path("kubernetesVersion").asText());
        p.put("currentKubernetesVersion", version);
        p.put("dnsPrefix", dnsPrefix(body, c.name));
        p.put("fqdn", c.fqdn);
        p.put("azurePortalFQDN", c.fqdn.replace(".hcp.", ".portal.hcp."));
        p.put("nodeResourceGroup", p.path("nodeResourceGroup").asText("MC_" + c.resourceGroup + "_" + c.name + "_" + c.location));
        p.put("maxAgentPools", 100);
        if (!p.has("enableRBAC")) {
            p.put("enableRBAC", true);
        }
        p.put("supportPlan", p.path("supportPlan").asText("KubernetesOfficial"));
        int i = 0;
        for (JsonNode pool : p.withArray("agentPoolProfiles")) {
            ObjectNode ap = (ObjectNode) pool;
            if (!ap.hasNonNull("name")) {
                ap.put("name", "nodepool" + (++i));
            }
            if (!ap.has("count")) {
                ap.put("count", 1);
            }
            String poolVersion = full(ap.path("orchestratorVersion").asText(version));
            ap.put("orchestratorVersion", poolVersion);
            ap.put("currentOrchestratorVersion", poolVersion);
            ap.put("mode", ap.path("mode").asText("System"));
            ap.put("osType", ap.path("osType").asText("Linux"));
        }
        o.set("properties", p);
        return o;
    }

    // --- day-2 operations: agent pools, upgrades (one minor at a time, pools never newer than the control plane) ---

    /** AKS's answer while another operation of the cluster runs. */
    private static AzureError inProgress(Cluster c) {
        return AzureError.arm(409, "OperationNotAllowed", "Operation is not allowed: Another operation (" + c.state + ") is in"
                + " progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation"
                + " for more details");
    }

    /** A version with its patch ({@code 1.33} is {@code 1.33.7}, as the simulator's default patch). */
    private static String full(String version) {
        return version.chars().filter(ch -> ch == '.').count() == 1 ? version + ".7" : version;
    }

    private static int minor(String version) {
        String[] p = version.split("\\.");
        return p.length < 2 ? -1 : Integer.parseInt(p[0]) * 1000 + Integer.parseInt(p[1]);
    }

    /** The control plane goes up one minor version at a time, never down (a blank version keeps the current one). */
    private void requireVersionStep(Cluster c, String requested) {
        if (requested.isBlank()) {
            return;
        }
        String current = c.resource.path("properties").path("currentKubernetesVersion").asText();
        int from = minor(current);
        int to = minor(requested);
        if (to != from && to != from + 1) {
            throw AzureError.arm(400, "OperationNotAllowed", "Upgrading Kubernetes version " + current + " to " + requested
                    + " is not allowed. Available upgrades: [" + (from / 1000) + "." + (from % 1000 + 1) + ".7]. Please see"
                    + " https://aka.ms/aks-supported-k8s-ver for version details.");
        }
        for (JsonNode pool : c.resource.path("properties").withArray("agentPoolProfiles")) {
            if (to > minor(pool.path("currentOrchestratorVersion").asText(current)) + 2) {
                throw AzureError.arm(400, "NodePoolMcVersionIncompatible", "Node pool version "
                        + pool.path("currentOrchestratorVersion").asText() + " and control plane version " + requested
                        + " are incompatible. Minor version of node pool cannot be more than 2 versions less than control"
                        + " plane's version. Upgrade the node pool first.");
            }
        }
    }

    private ObjectNode agentPool(Cluster c, String name) {
        ObjectNode pool = findAgentPool(c, name);
        if (pool == null) {
            throw AzureError.arm(404, "NotFound", "Agent pool '" + name + "' was not found in managed cluster '" + c.name + "'.");
        }
        return pool;
    }

    private ObjectNode findAgentPool(Cluster c, String name) {
        for (JsonNode pool : c.resource.path("properties").withArray("agentPoolProfiles")) {
            if (pool.path("name").asText().equalsIgnoreCase(name)) {
                return (ObjectNode) pool;
            }
        }
        return null;
    }

    /** AKS: a Linux agent pool's name is 1-12 lowercase letters and digits, a letter first. */
    private static final java.util.regex.Pattern POOL_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9]{0,11}");

    /**
     * PUT of a pool the cluster does not have: creates it (mode User unless given; Linux), at the control plane's
     * version unless given, after the same checks as an update. Refused while another operation runs, and with a name
     * AKS refuses.
     */
    private Reply createAgentPool(Cluster c, String name, JsonNode body, String base, String apiVersion) {
        if (!c.state.equals("Succeeded")) {
            throw inProgress(c);
        }
        if (!POOL_NAME.matcher(name).matches()) {
            throw AzureError.arm(400, "InvalidParameter", "The value of parameter agentPoolProfile.name is invalid: '"
                    + name + "'. The name of a Linux agent pool must start with a lowercase letter, contain only lowercase"
                    + " letters and numbers, and be 1-12 characters long.");
        }
        JsonNode p = body.path("properties");
        if (p.path("vmSize").asText("").isBlank()) {
            throw AzureError.arm(400, "InvalidParameter", "The value of parameter agentPoolProfile.vmSize is invalid: ''.");
        }
        ObjectNode pool = json.createObjectNode();
        pool.put("name", name);
        pool.put("vmSize", p.path("vmSize").asText());
        pool.put("mode", p.path("mode").asText("User"));
        pool.put("osType", p.path("osType").asText("Linux"));
        pool.put("count", p.path("count").asInt(1));
        String controlPlane = c.resource.path("properties").path("currentKubernetesVersion").asText();
        pool.put("orchestratorVersion", controlPlane);
        pool.put("currentOrchestratorVersion", controlPlane);
        ArrayNode pools = ((ObjectNode) c.resource.path("properties")).withArray("agentPoolProfiles");
        pools.add(pool);
        try {
            return putAgentPool(c, name, body, base, apiVersion);
        } catch (AzureError refused) {
            pools.remove(pools.size() - 1);
            throw refused;
        }
    }

    /**
     * DELETE of an agent pool: gone when the operation ends (Deleting meanwhile); a pool that is not there is 204. AKS
     * refuses to delete the last System pool, and anything while another operation runs.
     */
    private Reply deleteAgentPool(Cluster c, String name, String base, String apiVersion) {
        ObjectNode pool = findAgentPool(c, name);
        if (pool == null) {
            return Reply.empty(204);
        }
        if (c.deletingPools.contains(pool.path("name").asText())) {
            return withAsync(Reply.empty(202), c, operations.get(c.operationId), base, apiVersion, true);
        }
        if (!c.state.equals("Succeeded")) {
            throw inProgress(c);
        }
        long systemPools = 0;
        for (JsonNode other : c.resource.path("properties").withArray("agentPoolProfiles")) {
            if (other.path("mode").asText("System").equalsIgnoreCase("System")) {
                systemPools++;
            }
        }
        if (pool.path("mode").asText("System").equalsIgnoreCase("System") && systemPools <= 1) {
            throw AzureError.arm(400, "MustDefineAtLeastOneSystemPool", "Must define at least one system pool.");
        }
        Duration d = delay.get();
        c.deletingPools.add(pool.path("name").asText());
        c.state = "Updating";
        c.transitionAt = clock.instant().plus(d);
        Operation op = newOperation(c.subscription, d);
        c.operationId = op.id;
        return withAsync(Reply.empty(202), c, op, base, apiVersion, true);
    }

    private ObjectNode agentPoolJson(Cluster c, ObjectNode pool) {
        ObjectNode o = json.createObjectNode();
        o.put("id", clusterId(c) + "/agentPools/" + pool.path("name").asText());
        o.put("name", pool.path("name").asText());
        o.put("type", "Microsoft.ContainerService/managedClusters/agentPools");
        ObjectNode p = pool.deepCopy();
        p.remove("name");
        p.put("provisioningState", c.deletingPools.contains(pool.path("name").asText()) ? "Deleting" : c.state);
        p.putObject("powerState").put("code", "Running");
        o.set("properties", p);
        return o;
    }

    private Reply listAgentPools(Cluster c) {
        ObjectNode list = json.createObjectNode();
        ArrayNode value = list.putArray("value");
        for (JsonNode pool : c.resource.path("properties").withArray("agentPoolProfiles")) {
            value.add(agentPoolJson(c, (ObjectNode) pool));
        }
        return Reply.json(200, list);
    }

    /**
     * PUT of an existing agent pool (scale, autoscaler bounds, version): refused while another operation runs, a system
     * pool keeps at least one node, the VM size cannot change, and the version goes up one minor at a time, never past
     * the control plane's.
     */
    private Reply putAgentPool(Cluster c, String name, JsonNode body, String base, String apiVersion) {
        if (findAgentPool(c, name) == null) {
            return createAgentPool(c, name, body, base, apiVersion);
        }
        ObjectNode pool = agentPool(c, name);
        if (!c.state.equals("Succeeded")) {
            throw inProgress(c);
        }
        JsonNode p = body.path("properties");
        String vmSize = p.path("vmSize").asText(pool.path("vmSize").asText());
        if (!vmSize.equalsIgnoreCase(pool.path("vmSize").asText())) {
            throw AzureError.arm(400, "PropertyChangeNotAllowed", "Changing property 'vmSize' is not allowed.");
        }
        boolean system = p.path("mode").asText(pool.path("mode").asText("System")).equalsIgnoreCase("System");
        int count = p.path("count").asInt(pool.path("count").asInt(1));
        boolean autoscale = p.path("enableAutoScaling").asBoolean(false);
        List<String> problems = new java.util.ArrayList<>();
        if (autoscale) {
            if (!p.hasNonNull("minCount") || !p.hasNonNull("maxCount")) {
                problems.add("minCount and maxCount are required when enableAutoScaling is true");
            } else {
                int min = p.path("minCount").asInt();
                int max = p.path("maxCount").asInt();
                if (min > max || count < min || count > max) {
                    problems.add("count " + count + " must be within minCount " + min + " and maxCount " + max);
                }
                if (system && min < 1) {
                    problems.add("a System agent pool must have minCount of at least 1");
                }
            }
        }
        if (system && count < 1) {
            problems.add("a System agent pool must have at least 1 node");
        }
        if (count < 0 || count > 1000) {
            problems.add("count must be between 0 and 1000");
        }
        if (!problems.isEmpty()) {
            throw AzureError.arm(400, "InvalidParameter", "The value of parameter agentPoolProfile is invalid: "
                    + String.join("; ", problems) + ".");
        }
        String current = pool.path("currentOrchestratorVersion").asText();
        String requested = full(p.path("orchestratorVersion").asText(current));
        String controlPlane = c.resource.path("properties").path("currentKubernetesVersion").asText();
        if (minor(requested) > minor(controlPlane)) {
            throw AzureError.arm(400, "NodePoolMcVersionIncompatible", "Node pool version " + requested
                    + " and control plane version " + controlPlane + " are incompatible. Minor version of node pool version "
                    + requested + " is bigger than control plane version " + controlPlane + ".");
        }
        if (minor(requested) != minor(current) && minor(requested) != minor(current) + 1) {
            throw AzureError.arm(400, "AgentPoolUpgradeVersionNotAllowed", "Upgrade agent pool version from " + current
                    + " to " + requested + " is not allowed, you can only upgrade one minor version at a time. Please use"
                    + " [az aks get-upgrades] command to get the supported upgrade paths. For more information, please check"
                    + " https://aka.ms/version-skew-policy");
        }
        pool.put("count", count);
        pool.put("enableAutoScaling", autoscale);
        if (autoscale) {
            pool.put("minCount", p.path("minCount").asInt());
            pool.put("maxCount", p.path("maxCount").asInt());
        } else {
            pool.remove("minCount");
            pool.remove("maxCount");
        }
        pool.put("orchestratorVersion", requested);
        pool.put("currentOrchestratorVersion", requested);
        Duration d = delay.get();
        c.state = "Updating";
        c.transitionAt = clock.instant().plus(d);
        Operation op = newOperation(c.subscription, d);
        c.operationId = op.id;
        return withAsync(Reply.json(200, agentPoolJson(c, pool)), c, op, base, apiVersion, false);
    }

    private Reply withAsync(Reply reply, Cluster c, Operation op, String base, String apiVersion, boolean location) {
        String prefix = base + "/subscriptions/" + c.subscription + "/providers/Microsoft.ContainerService/locations/" + c.location;
        reply.header("Azure-AsyncOperation", prefix + "/operations/" + op.id + "?api-version=" + apiVersion);
        if (location) {
            reply.header("Location", prefix + "/operationresults/" + op.id + "?api-version=" + apiVersion);
        }
        return reply.header("Retry-After", "1");
    }

    private Reply deleteCluster(String sub, String rg, String name, String base, String apiVersion) {
        group(sub, rg);
        Cluster c = clusters.get(key(sub, rg, name));
        if (c == null) {
            return Reply.empty(204);
        }
        Operation op;
        if (c.state.equals("Deleting")) {
            op = operations.get(c.operationId);
        } else {
            Duration d = delay.get();
            c.state = "Deleting";
            c.transitionAt = clock.instant().plus(d);
            op = newOperation(sub, d);
            c.operationId = op.id;
        }
        return withAsync(Reply.empty(202), c, op, base, apiVersion, true);
    }

    private Reply credentials(Cluster c, String kind) {
        if (c.state.equals("Deleting")) {
            throw AzureError.arm(409, "OperationNotAllowed", "The cluster " + c.name + " is being deleted.");
        }
        JsonNode props = c.resource.path("properties");
        boolean aadManaged = props.path("aadProfile").path("managed").asBoolean(false);
        if (kind.equals("clusterAdmin") && props.path("disableLocalAccounts").asBoolean(false)) {
            throw AzureError.arm(400, "BadRequest", "Getting static credential is not allowed because this cluster is set to"
                    + " disable local accounts.");
        }
        String user = kind + "_" + c.resourceGroup + "_" + c.name;
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                UUID.nameUUIDFromBytes(("token/" + clusterId(c) + kind).getBytes(StandardCharsets.UTF_8)).toString().getBytes(StandardCharsets.UTF_8));
        String ca = Base64.getEncoder().encodeToString(("-----BEGIN CERTIFICATE-----\nsimulated-aks-ca-" + c.name
                + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.UTF_8));
        String kubeconfig = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- cluster:\n"
                + "    certificate-authority-data: " + ca + "\n"
                + "    server: https://" + c.fqdn + ":443\n"
                + "  name: " + c.name + "\n"
                + "contexts:\n"
                + "- context:\n"
                + "    cluster: " + c.name + "\n"
                + "    user: " + user + "\n"
                + "  name: " + c.name + "\n"
                + "current-context: " + c.name + "\n"
                + "preferences: {}\n"
                + "users:\n"
                + "- name: " + user + "\n"
                + "  user:\n"
                + (kind.equals("clusterUser") && aadManaged
                    // AKS with Entra ID: the user credential carries no secret; kubelogin signs the person in (format exec)
                    ? "    exec:\n"
                        + "      apiVersion: client.authentication.k8s.io/v1beta1\n"
                        + "      args:\n"
                        + "      - get-token\n"
                        + "      - --environment\n"
                        + "      - AzurePublicCloud\n"
                        + "      - --server-id\n"
                        + "      - 6dae42f8-4368-4678-94ff-3960e28e3630\n"
                        + "      - --client-id\n"
                        + "      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a\n"
                        + "      - --tenant-id\n"
                        + "      - " + props.path("aadProfile").path("tenantID").asText(
                                directory.subscription(c.subscription).map(AzureDirectory.Subscription::tenantId).orElse("")) + "\n"
                        + "      - --login\n"
                        + "      - devicecode\n"
                        + "      command: kubelogin\n"
                        + "      env: null\n"
                        + "      installHint: |2\n\n"
                        + "        kubelogin is not installed which is required to connect to AAD enabled cluster.\n\n"
                        + "        To learn more, please go to https://aka.ms/aks/kubelogin\n"
                        + "      provideClusterInfo: false\n"
                    : "    token: " + token + "\n");
        ObjectNode o = json.createObjectNode();
        ObjectNode k = o.putArray("kubeconfigs").addObject();
        k.put("name", kind);
        k.put("value", Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8)));
        return Reply.json(200, o);
    }

    // ------------------------------------------------------------------------------------------------ operations

    private Operation operation(String sub, String id) {
        Operation op = operations.get(id);
        if (op == null || !op.subscription.equalsIgnoreCase(sub)) {
            throw AzureError.arm(404, "NotFound", "Operation '" + id + "' was not found.");
        }
        return op;
    }

    private Reply operationStatus(String sub, String id) {
        Operation op = operation(sub, id);
        boolean done = !clock.instant().isBefore(op.doneAt);
        ObjectNode o = json.createObjectNode();
        o.put("name", op.id);
        o.put("status", done ? "Succeeded" : "InProgress");
        o.put("startTime", op.start.toString());
        if (done) {
            o.put("endTime", op.doneAt.toString());
        }
        return Reply.json(200, o).header("Retry-After", "1");
    }

    private Reply operationResult(String sub, String id, String scopePath, Map<String, String> query) {
        Operation op = operation(sub, id);
        if (clock.instant().isBefore(op.doneAt)) {
            return Reply.empty(202).header("Retry-After", "1");
        }
        return Reply.empty(scopePath.toLowerCase(Locale.ROOT).contains("/providers/microsoft.containerservice/") ? 204 : 200);
    }

    /** For the health page: how many resource groups and clusters exist. */
    synchronized Map<String, Integer> counts() {
        tick();
        return Map.of("resourceGroups", groups.size(), "managedClusters", clusters.size());
    }
}
