package io.roleport.sim.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** The seed, loaded: tenants with their subscriptions (role assignments) and app registrations (service principals). */
final class AzureDirectory {

    static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    record FederatedCredential(String name, String issuer, String subject, List<String> audiences) {
    }

    record App(String tenantId, String clientId, String objectId, String displayName, List<String> secrets,
               List<FederatedCredential> federatedCredentials) {
    }

    record Subscription(String tenantId, String id, String displayName) {
    }

    record Tenant(String id, String domain, String displayName, Map<String, App> apps, Map<String, String> groups) {
    }

    /** A security group of some tenant, by object id (role assignments name their principal by it). */
    Optional<String> groupName(String objectId) {
        return tenants.values().stream().map(t -> t.groups().get(key(objectId))).filter(java.util.Objects::nonNull)
                .findFirst();
    }

    /** A user of a tenant (signs in with ROPC), with the object ids of its security groups. */
    record User(String tenantId, String upn, String objectId, String password, List<String> groups) {
    }

    private final Map<String, User> users = new ConcurrentHashMap<>(); // tenant id/upn (lower case)

    /** Adds a user to a tenant (what an admin does in Entra ID); its groups must exist in that tenant. */
    User addUser(String tenantId, String upn, String password, List<String> groupObjectIds) {
        Tenant t = tenant(tenantId).orElseThrow(() -> new IllegalArgumentException("No tenant " + tenantId));
        for (String g : groupObjectIds) {
            if (!t.groups().containsKey(key(g))) {
                throw new IllegalArgumentException("No group " + g + " in tenant " + tenantId);
            }
        }
        User u = new User(t.id(), upn, java.util.UUID.nameUUIDFromBytes(("user/" + t.id() + "/" + key(upn)).getBytes())
                .toString(), password, groupObjectIds.stream().map(AzureDirectory::key).toList());
        if (users.putIfAbsent(t.id() + "/" + key(upn), u) != null) {
            throw new IllegalArgumentException("User " + upn + " already exists in tenant " + tenantId);
        }
        return u;
    }

    Optional<User> user(String tenantId, String upn) {
        return Optional.ofNullable(users.get(key(tenantId) + "/" + key(upn)));
    }

    final Duration operationDelay;
    /** Role definitions and assignments: what each principal may do where. */
    final AzureRbac rbac = new AzureRbac();
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

    private AzureDirectory(Duration operationDelay) {
        this.operationDelay = operationDelay;
    }

    static AzureDirectory load(Path seed, ObjectMapper json) throws IOException {
        JsonNode root = json.readTree(Files.readString(seed));
        AzureDirectory d = new AzureDirectory(Duration.ofMillis((long) (root.path("operationDelaySeconds").asDouble(3) * 1000)));
        for (JsonNode r : root.path("roleDefinitions")) {
            List<String> actions = new ArrayList<>();
            r.path("actions").forEach(a -> actions.add(a.asText()));
            List<String> notActions = new ArrayList<>();
            r.path("notActions").forEach(a -> notActions.add(a.asText()));
            d.rbac.defineCustomRole(r.path("name").asText(), actions, notActions);
        }
        for (JsonNode t : root.path("tenants")) {
            String tid = guid(t.path("id").asText(), "tenant id");
            Map<String, App> apps = new ConcurrentHashMap<>();
            for (JsonNode a : t.path("apps")) {
                String clientId = guid(a.path("clientId").asText(), "app clientId");
                List<String> secrets = new ArrayList<>();
                a.path("secrets").forEach(s -> secrets.add(s.asText()));
                List<FederatedCredential> feds = new CopyOnWriteArrayList<>();
                for (JsonNode f : a.path("federatedCredentials")) {
                    List<String> aud = new ArrayList<>();
                    f.path("audiences").forEach(x -> aud.add(x.asText()));
                    if (aud.isEmpty()) {
                        aud.add("api://AzureADTokenExchange");
                    }
                    feds.add(new FederatedCredential(f.path("name").asText("federated"), f.path("issuer").asText(),
                            f.path("subject").asText(), List.copyOf(aud)));
                }
                String objectId = a.hasNonNull("objectId") ? guid(a.path("objectId").asText(), "objectId")
                        : java.util.UUID.nameUUIDFromBytes(clientId.getBytes()).toString();
                apps.put(key(clientId), new App(tid, clientId.toLowerCase(Locale.ROOT), objectId,
                        a.path("displayName").asText(clientId), List.copyOf(secrets), feds));
            }
            Map<String, String> groups = new ConcurrentHashMap<>();
            for (JsonNode g : t.path("groups")) {
                groups.put(key(guid(g.path("objectId").asText(), "group objectId")), g.path("displayName").asText());
            }
            d.tenants.put(key(tid), new Tenant(tid.toLowerCase(Locale.ROOT), t.path("domain").asText(null),
                    t.path("displayName").asText(tid), apps, groups));
            for (JsonNode s : t.path("subscriptions")) {
                String sid = guid(s.path("id").asText(), "subscription id");
                String subscriptionScope = "/subscriptions/" + sid.toLowerCase(Locale.ROOT);
                for (JsonNode r : s.path("roleAssignments")) {
                    String scope = r.hasNonNull("scope") ? subscriptionScope + "/" + r.path("scope").asText() : subscriptionScope;
                    try {
                        d.rbac.assign(guid(r.path("clientId").asText(), "roleAssignment clientId"), r.path("role").asText(), scope,
                                r.hasNonNull("condition") ? r.path("condition").asText() : null);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("Seed " + seed + ": " + e.getMessage(), e);
                    }
                }
                d.subscriptions.put(key(sid), new Subscription(tid.toLowerCase(Locale.ROOT), sid.toLowerCase(Locale.ROOT),
                        s.path("displayName").asText(sid)));
            }
        }
        return d;
    }

    private static String guid(String value, String what) {
        if (!GUID.matcher(value).matches()) {
            throw new IllegalArgumentException("Seed: " + what + " '" + value + "' is not a GUID");
        }
        return value;
    }

    static String key(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    /** By tenant id or verified domain name. */
    Optional<Tenant> tenant(String idOrDomain) {
        Tenant t = tenants.get(key(idOrDomain));
        if (t != null) {
            return Optional.of(t);
        }
        return tenants.values().stream().filter(x -> x.domain() != null && x.domain().equalsIgnoreCase(idOrDomain)).findFirst();
    }

    Optional<Subscription> subscription(String id) {
        return Optional.ofNullable(subscriptions.get(key(id)));
    }

    List<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    List<Tenant> tenants() {
        return List.copyOf(tenants.values());
    }
}
