package io.roleport.sim.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.roleport.sim.KubeApi;
import io.roleport.sim.KubeApi.Attributes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes API of every simulated AKS cluster, on the Azure simulator's HTTPS port:
 * {@code https://127.0.0.1:PORT/aks/<subscription>/<resource group>/<cluster>} (a real cluster is at its FQDN; the
 * simulator's FQDNs do not resolve). It serves the same resources as the EKS one ({@link KubeApi}): discovery, nodes
 * (one per agent-pool node), namespaces, empty lists and {@code SelfSubjectAccessReview}.
 *
 * <p>Authentication as AKS with Entra ID: the bearer token must be an access token signed by the simulated Entra ID,
 * for the AKS server application ({@code aud} {@value EntraApi#AKS_SERVER_APP}), issued by the cluster's tenant
 * ({@code https://sts.windows.net/<tenant>/} or the v2 issuer) and not expired; a cluster without managed Entra ID
 * integration accepts none. Anything else is 401 {@code Unauthorized}.
 *
 * <p>Authorization as AKS's Azure RBAC webhook: the person's object id and the object ids of their groups (the
 * token's {@code groups} claim) are looked up in the role assignments at the cluster (or at the request's namespace,
 * {@code <cluster id>/namespaces/<ns>}) and above; the data-plane roles grant what Kubernetes' user-facing roles do:
 * RBAC Cluster Admin everything, RBAC Admin = admin (namespaced), RBAC Writer = edit, RBAC Reader = view (no secrets,
 * no roles). Control-plane roles (Owner, Contributor) grant nothing inside the cluster. A refusal is a 403 Kubernetes
 * {@code Status} with AKS's message; a cluster with Kubernetes RBAC only (no Azure RBAC) allows only discovery, as no
 * Kubernetes RBAC bindings are simulated.
 */
final class AksKubeApi {

    static final String PREFIX = "aks";
    /** The data-plane roles and the Kubernetes role whose rules they grant (as {@link KubeApi#allows} names them). */
    static final Map<String, String> ROLE_RULES = Map.of(
            "Azure Kubernetes Service RBAC Cluster Admin", "AmazonEKSClusterAdminPolicy",
            "Azure Kubernetes Service RBAC Admin", "AmazonEKSAdminPolicy",
            "Azure Kubernetes Service RBAC Writer", "AmazonEKSEditPolicy",
            "Azure Kubernetes Service RBAC Reader", "AmazonEKSViewPolicy");

    private final ArmApi arm;
    private final EntraApi entra;
    private final AzureDirectory directory;
    private final ObjectMapper json;
    private final Clock clock;

    AksKubeApi(ArmApi arm, EntraApi entra, AzureDirectory directory, ObjectMapper json, Clock clock) {
        this.arm = arm;
        this.entra = entra;
        this.directory = directory;
        this.json = json;
        this.clock = clock;
    }

    /** The person (or service principal) a valid token names. */
    record Identity(String user, String objectId, Set<String> principals) {}

    /** A Kubernetes {@code Status} answer. */
    record Answer(int status, ObjectNode body) {}

    /** Serves {@code method rawPath} ({@code /aks/sub/rg/name/...}). */
    Answer handle(String method, String rawPath, String rawQuery, String authorization, String accept, byte[] body) {
        String[] parts = rawPath.split("/", 6);
        if (parts.length < 5) {
            return new Answer(404, status(404, "NotFound", "the server could not find the requested resource"));
        }
        ArmApi.AksView cluster = arm.aksView(decode(parts[2]), decode(parts[3]), decode(parts[4]));
        if (cluster == null || !cluster.state().equals("Succeeded") && !cluster.state().equals("Updating")) {
            return new Answer(404, status(404, "NotFound", "no such cluster"));
        }
        String path = parts.length > 5 ? "/" + parts[5] : "/";
        Identity id = authenticate(authorization, cluster);
        if (id == null) {
            return new Answer(401, status(401, "Unauthorized", "Unauthorized"));
        }
        Attributes a = KubeApi.attributes(method, path, rawQuery);
        if (!authorize(id, cluster, a)) {
            return new Answer(403, forbidden(id, a));
        }
        return serve(cluster, id, a, method, path, accept, body);
    }

    /** The identity of a valid AKS token for this cluster, or null (401). */
    Identity authenticate(String authorization, ArmApi.AksView cluster) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || !cluster.entraManaged()) {
            return null;
        }
        String[] why = new String[1];
        JWTClaimsSet claims = entra.verifyAksToken(authorization.substring(7).trim(), cluster.tenantId(), why);
        if (claims == null) {
            return null;
        }
        try {
            String oid = claims.getStringClaim("oid");
            String upn = claims.getStringClaim("upn");
            Set<String> principals = new LinkedHashSet<>();
            principals.add(oid.toLowerCase(Locale.ROOT));
            List<String> groups = claims.getStringListClaim("groups");
            if (groups != null) {
                groups.forEach(g -> principals.add(g.toLowerCase(Locale.ROOT)));
            }
            return new Identity(upn != null ? upn : oid, oid, principals);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the role assignments of the identity's principals at the cluster (or namespace) allow {@code a}. */
    boolean authorize(Identity id, ArmApi.AksView cluster, Attributes a) {
        if (KubeApi.everyone(a)) {
            return true;
        }
        if (!cluster.azureRbac()) {
            return false;
        }
        String scope = a.namespace() == null ? cluster.id() : cluster.id() + "/namespaces/" + a.namespace();
        for (String principal : id.principals()) {
            for (AzureRbac.Assignment assignment : directory.rbac.applicable(principal, scope)) {
                String rules = ROLE_RULES.get(assignment.role().name());
                if (rules != null && KubeApi.allows(rules, a)) {
                    return true;
                }
            }
        }
        return false;
    }

    private ObjectNode forbidden(Identity id, Attributes a) {
        String tail = ": User does not have access to the resource in Azure. Update role assignment to allow access.";
        ObjectNode n;
        if (a.resourceRequest()) {
            n = status(403, "Forbidden", a.resource() + " is forbidden: User \"" + id.user() + "\" cannot " + a.verb()
                    + " resource \"" + a.resource() + "\" in API group \"" + a.group() + "\""
                    + (a.namespace() == null ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"") + tail);
            n.putObject("details").put("kind", a.resource());
        } else {
            n = status(403, "Forbidden", "forbidden: User \"" + id.user() + "\" cannot " + a.verb() + " path \"" + a.path()
                    + "\"" + tail);
        }
        return n;
    }

    private Answer serve(ArmApi.AksView cluster, Identity id, Attributes a, String method, String path, String accept,
            byte[] body) {
        String[] v = cluster.version().split("\\.");
        switch (path) {
            case "/version" -> {
                return new Answer(200, json.createObjectNode().put("major", v[0]).put("minor", v[1])
                        .put("gitVersion", "v" + cluster.version()).put("platform", "linux/amd64").put("goVersion", "go1.24.0")
                        .put("compiler", "gc").put("gitTreeState", "clean"));
            }
            case "/api" -> {
                ObjectNode n = json.createObjectNode().put("kind", "APIVersions");
                n.putArray("versions").add("v1");
                n.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                        .put("serverAddress", cluster.name() + ":443");
                return new Answer(200, n);
            }
            case "/apis" -> {
                ObjectNode n = json.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
                ArrayNode groups = n.putArray("groups");
                KubeApi.KINDS.stream().map(KubeApi.Kind::group).filter(g -> !g.isEmpty()).distinct().forEach(g -> {
                    ObjectNode group = groups.addObject().put("name", g);
                    group.putArray("versions").addObject().put("groupVersion", g + "/v1").put("version", "v1");
                    group.putObject("preferredVersion").put("groupVersion", g + "/v1").put("version", "v1");
                });
                return new Answer(200, n);
            }
            default -> { }
        }
        if (path.equals("/api/v1") || path.matches("/apis/[^/]+/v1")) {
            String group = path.equals("/api/v1") ? "" : path.split("/")[2];
            ObjectNode n = json.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                    .put("groupVersion", group.isEmpty() ? "v1" : group + "/v1");
            ArrayNode resources = n.putArray("resources");
            KubeApi.KINDS.stream().filter(k -> k.group().equals(group)).forEach(k -> {
                ObjectNode r = resources.addObject().put("name", k.resource()).put("singularName", "")
                        .put("namespaced", k.namespaced()).put("kind", k.kind());
                k.verbs().forEach(r.putArray("verbs")::add);
            });
            return resources.isEmpty() ? new Answer(404, status(404, "NotFound", "the server could not find the requested resource"))
                    : new Answer(200, n);
        }
        if (a.resourceRequest() && a.resource().equals("selfsubjectaccessreviews") && method.equals("POST")) {
            JsonNode review;
            try {
                review = KubeApi.isProtobuf(body) ? KubeApi.reviewFromProtobuf(json, body)
                        : json.readTree(body.length == 0 ? "{}" : new String(body, StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                return new Answer(400, status(400, "BadRequest", "the body is not a SelfSubjectAccessReview"));
            }
            JsonNode ra = review.path("spec").path("resourceAttributes");
            JsonNode nra = review.path("spec").path("nonResourceAttributes");
            Attributes asked = ra.isObject()
                    ? new Attributes(ra.path("verb").asText(""), ra.path("group").asText(""), ra.path("resource").asText(""),
                            ra.path("namespace").asText("").isEmpty() || !KubeApi.namespaced(ra.path("group").asText(""),
                                    ra.path("resource").asText("")) ? null : ra.path("namespace").asText(), null)
                    : new Attributes(nra.path("verb").asText(""), null, null, null, nra.path("path").asText(""));
            boolean allowed = authorize(id, cluster, asked);
            ObjectNode out = review.isObject() ? (ObjectNode) review.deepCopy() : json.createObjectNode();
            out.put("kind", "SelfSubjectAccessReview").put("apiVersion", "authorization.k8s.io/v1");
            out.putObject("status").put("allowed", allowed).put("reason", allowed ? "" : "User does not have access to the"
                    + " resource in Azure. Update role assignment to allow access.");
            return new Answer(201, out);
        }
        if (a.resourceRequest() && a.resource().equals("nodes") && a.verb().equals("list")) {
            return new Answer(200, accept != null && accept.contains("as=Table") ? nodeTable(cluster) : nodeList(cluster));
        }
        if (a.resourceRequest() && a.verb().equals("list")
                && KubeApi.KINDS.stream().anyMatch(k -> k.resource().equals(a.resource()))) {
            KubeApi.Kind k = KubeApi.KINDS.stream().filter(x -> x.resource().equals(a.resource())).findFirst().orElseThrow();
            ObjectNode list = json.createObjectNode().put("kind", k.kind() + "List")
                    .put("apiVersion", k.group().isEmpty() ? "v1" : k.group() + "/v1");
            list.putObject("metadata").put("resourceVersion", "1");
            ArrayNode items = list.putArray("items");
            if (k.resource().equals("namespaces")) {
                KubeApi.NAMESPACES.forEach(ns -> items.addObject().put("kind", "Namespace").put("apiVersion", "v1")
                        .putObject("metadata").put("name", ns));
            }
            return new Answer(200, list);
        }
        return new Answer(404, status(404, "NotFound", "the server could not find the requested resource"));
    }

    /** One node per agent-pool node, named as AKS names VM scale-set instances. */
    private List<String> nodes(ArmApi.AksView cluster) {
        List<String> nodes = new ArrayList<>();
        for (Map.Entry<String, Integer> pool : cluster.pools()) {
            String vmss = Integer.toString(Math.abs((cluster.id() + pool.getKey()).hashCode()) % 90_000_000 + 10_000_000);
            for (int i = 0; i < pool.getValue(); i++) {
                nodes.add("aks-" + pool.getKey() + "-" + vmss + "-vmss" + String.format("%06d", i));
            }
        }
        return nodes;
    }

    private ObjectNode nodeMeta(String name, ArmApi.AksView cluster) {
        ObjectNode meta = json.createObjectNode().put("name", name).put("creationTimestamp", "2026-01-01T00:00:00Z");
        meta.putObject("labels").put("kubernetes.azure.com/cluster", cluster.name()).put("kubernetes.io/hostname", name)
                .put("topology.kubernetes.io/region", cluster.location());
        return meta;
    }

    private ObjectNode nodeList(ArmApi.AksView cluster) {
        ObjectNode list = json.createObjectNode().put("kind", "NodeList").put("apiVersion", "v1");
        list.putObject("metadata").put("resourceVersion", "1");
        ArrayNode items = list.putArray("items");
        for (String n : nodes(cluster)) {
            ObjectNode node = items.addObject().put("kind", "Node").put("apiVersion", "v1");
            node.set("metadata", nodeMeta(n, cluster));
            ObjectNode st = node.putObject("status");
            st.putArray("conditions").addObject().put("type", "Ready").put("status", "True").put("reason", "KubeletReady");
            st.putObject("nodeInfo").put("kubeletVersion", "v" + cluster.version());
        }
        return list;
    }

    /** The server-side printing kubectl asks for ({@code as=Table}): NAME, STATUS, ROLES, AGE, VERSION. */
    private ObjectNode nodeTable(ArmApi.AksView cluster) {
        ObjectNode t = json.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        t.putObject("metadata").put("resourceVersion", "1");
        ArrayNode cols = t.putArray("columnDefinitions");
        for (String[] c : new String[][] {{"Name", "name"}, {"Status", ""}, {"Roles", ""}, {"Age", ""}, {"Version", ""}}) {
            cols.addObject().put("name", c[0]).put("type", "string").put("format", c[1]).put("description", c[0])
                    .put("priority", 0);
        }
        ArrayNode rows = t.putArray("rows");
        long age = Math.max(0, Duration.between(Instant.parse("2026-01-01T00:00:00Z"), clock.instant()).toDays());
        for (String n : nodes(cluster)) {
            ObjectNode row = rows.addObject();
            row.putArray("cells").add(n).add("Ready").add("<none>").add(age + "d").add("v" + cluster.version());
            ObjectNode obj = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
            obj.set("metadata", nodeMeta(n, cluster));
        }
        return t;
    }

    private ObjectNode status(int code, String reason, String message) {
        ObjectNode n = json.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        n.putObject("metadata");
        n.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        return n;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
