package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.roleport.sim.azure.SimCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Kubernetes API of every simulated EKS cluster, on one HTTPS port (the simulator's self-signed certificate, which
 * DescribeCluster returns as the cluster's certificate authority): {@code https://127.0.0.1:PORT/eks/<cluster id>}.
 * It serves what {@code kubectl version}, {@code kubectl get nodes} and {@code kubectl auth can-i} need: discovery
 * ({@code /version}, {@code /api}, {@code /apis} and their resource lists), nodes (from the cluster's ACTIVE node
 * groups), namespaces, empty lists of namespaced resources, and {@code SelfSubjectAccessReview}.
 *
 * <p>It authenticates the way EKS does (aws-iam-authenticator): the bearer token {@code k8s-aws-v1.<base64url>} is a
 * presigned STS {@code GetCallerIdentity} URL; host (an STS endpoint, or this simulator's own), path, action, version,
 * allowed parameters, {@code X-Amz-Expires} at most 15 minutes, {@code X-Amz-Date} not older than 15 minutes, the signed
 * {@code x-k8s-aws-id} header equal to the cluster's name and the SigV4 signature with the caller's secret (and an
 * unexpired session) are checked; anything wrong is 401. The caller (an assumed role is mapped to its role ARN) must
 * have an access entry on the cluster, else 401 too, as EKS answers an identity it cannot map. Then every request is
 * authorized by the entry's access policies (cluster or namespace scope), with the rules of EKS's
 * {@code AmazonEKSClusterAdminPolicy}, {@code AmazonEKSAdminPolicy}, {@code AmazonEKSEditPolicy} and
 * {@code AmazonEKSViewPolicy} (those of Kubernetes' user-facing roles cluster-admin, admin, edit and view); a refusal is
 * a 403 Kubernetes {@code Status}.
 */
public final class KubeApi implements AutoCloseable {

    static final String TOKEN_PREFIX = "k8s-aws-v1.";
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Set<String> ALLOWED_PARAMS = Set.of("action", "version", "x-amz-algorithm", "x-amz-credential",
            "x-amz-date", "x-amz-expires", "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders");
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** A Kubernetes resource the simulated API knows. */
    public record Kind(String group, String version, String resource, String kind, boolean namespaced, List<String> verbs) {}

    private static final List<String> RW = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");
    public static final List<Kind> KINDS = List.of(
            new Kind("", "v1", "nodes", "Node", false, RW),
            new Kind("", "v1", "namespaces", "Namespace", false, RW),
            new Kind("", "v1", "pods", "Pod", true, RW),
            new Kind("", "v1", "services", "Service", true, RW),
            new Kind("", "v1", "configmaps", "ConfigMap", true, RW),
            new Kind("", "v1", "secrets", "Secret", true, RW),
            new Kind("", "v1", "serviceaccounts", "ServiceAccount", true, RW),
            new Kind("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, RW),
            new Kind("", "v1", "events", "Event", true, RW),
            new Kind("", "v1", "resourcequotas", "ResourceQuota", true, RW),
            new Kind("apps", "v1", "deployments", "Deployment", true, RW),
            new Kind("apps", "v1", "statefulsets", "StatefulSet", true, RW),
            new Kind("apps", "v1", "daemonsets", "DaemonSet", true, RW),
            new Kind("apps", "v1", "replicasets", "ReplicaSet", true, RW),
            new Kind("rbac.authorization.k8s.io", "v1", "roles", "Role", true, RW),
            new Kind("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, RW),
            new Kind("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, RW),
            new Kind("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, RW),
            new Kind("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false,
                    List.of("create")));
    public static final List<String> NAMESPACES = List.of("default", "kube-node-lease", "kube-public", "kube-system");

    private final HttpsServer server;
    private final ExecutorService executor;
    private final SimCertificate certificate;
    private final EksApi eks;
    private final Directory directory;
    private final Clock clock;
    private final ObjectMapper json;
    /** The simulator's own STS endpoint ({@code 127.0.0.1:PORT}), accepted as a token's host besides AWS's. */
    private final String stsAuthority;

    KubeApi(EksApi eks, Directory directory, Clock clock, ObjectMapper json, String stsAuthority) throws IOException {
        this.eks = eks;
        this.directory = directory;
        this.clock = clock;
        this.json = json;
        this.stsAuthority = stsAuthority;
        this.certificate = SimCertificate.create(Path.of(System.getProperty("java.io.tmpdir"), "roleport-kube-sim"));
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "kube-sim");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API endpoint of the EKS cluster with this id. */
    String endpoint(String clusterId) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/eks/" + clusterId;
    }

    /** The certificate authority as EKS returns it: base64 of the PEM. */
    String certificateAuthorityData() {
        return Base64.getEncoder().encodeToString(certificate.pem().getBytes(StandardCharsets.US_ASCII));
    }

    /** A client TLS context that trusts the API's certificate. */
    javax.net.ssl.SSLContext clientContext() {
        return certificate.clientContext;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------------ authentication

    /** Who a valid token names: the caller and the Kubernetes user name its access entry gives it. */
    record Identity(Caller caller, String principalArn, String sessionName) {}

    /** A refusal: 401 (authentication) or 403 (authorization), with the Kubernetes Status message. */
    static final class Refused extends RuntimeException {
        final int status;
        final String reason;
        final transient ObjectNode details;
        /** Why (for tests and the log; the client sees only the Status message). */
        final String why;

        Refused(int status, String reason, String message, ObjectNode details, String why) {
            super(message);
            this.status = status;
            this.reason = reason;
            this.details = details;
            this.why = why;
        }
    }

    private static Refused unauthorized(String why) {
        // The API server answers only "Unauthorized"; the reason is in its log, as with aws-iam-authenticator.
        return new Refused(401, "Unauthorized", "Unauthorized", null, why);
    }

    /**
     * Verifies an EKS bearer token for the cluster named {@code clusterName} as aws-iam-authenticator does, then "calls"
     * STS GetCallerIdentity with it (the signature is checked with the principal's secret).
     */
    Identity authenticate(String token, String clusterName) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            throw unauthorized("token is missing or lacks the k8s-aws-v1. prefix");
        }
        String url;
        try {
            url = new String(Base64.getUrlDecoder().decode(pad(token.substring(TOKEN_PREFIX.length()))),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized("token is not base64url");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw unauthorized("token is not a URL");
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority().toLowerCase(Locale.ROOT);
        boolean awsHost = authority.matches("sts(\\.[a-z]{2}(-gov)?-[a-z]+-\\d)?\\.amazonaws\\.com(\\.cn)?");
        boolean simHost = authority.equals(stsAuthority);
        if (!awsHost && !simHost) {
            throw unauthorized("unexpected hostname " + authority + " in pre-signed URL");
        }
        if (awsHost ? !"https".equals(uri.getScheme()) : !"http".equals(uri.getScheme())) {
            throw unauthorized("unexpected scheme " + uri.getScheme() + " in pre-signed URL");
        }
        if (!"/".equals(uri.getRawPath())) {
            throw unauthorized("unexpected path in pre-signed URL");
        }
        String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        Map<String, String> params = new LinkedHashMap<>();
        StringBuilder unsigned = new StringBuilder();
        for (String kv : rawQuery.split("&")) {
            if (kv.isEmpty()) {
                continue;
            }
            int eq = kv.indexOf('=');
            String k = SigV4.decode(eq < 0 ? kv : kv.substring(0, eq));
            String v = eq < 0 ? "" : SigV4.decode(kv.substring(eq + 1));
            String lower = k.toLowerCase(Locale.ROOT);
            if (!ALLOWED_PARAMS.contains(lower)) {
                throw unauthorized("non-whitelisted query parameter " + k);
            }
            if (params.put(lower, v) != null) {
                throw unauthorized("query parameter " + k + " given twice");
            }
            if (!lower.equals("x-amz-signature")) {
                unsigned.append(unsigned.length() == 0 ? "" : "&").append(kv);
            }
        }
        if (!"GetCallerIdentity".equals(params.get("action"))) {
            throw unauthorized("unexpected action parameter in pre-signed URL");
        }
        if (!"2011-06-15".equals(params.get("version"))) {
            throw unauthorized("unexpected version parameter in pre-signed URL");
        }
        if (!SigV4.ALGORITHM.equals(params.get("x-amz-algorithm"))) {
            throw unauthorized("unexpected algorithm in pre-signed URL");
        }
        List<String> signed = List.of(params.getOrDefault("x-amz-signedheaders", "").split(";"));
        if (!signed.contains("x-k8s-aws-id")) {
            throw unauthorized("client did not sign the x-k8s-aws-id header in the pre-signed URL");
        }
        if (!signed.contains("host")) {
            throw unauthorized("client did not sign the host header in the pre-signed URL");
        }
        int expires;
        try {
            expires = Integer.parseInt(params.getOrDefault("x-amz-expires", ""));
        } catch (NumberFormatException e) {
            throw unauthorized("X-Amz-Expires is missing or not a number");
        }
        if (expires <= 0 || expires > TOKEN_LIFETIME.toSeconds()) {
            throw unauthorized("X-Amz-Expires parameter in pre-signed URL is " + expires
                    + " which is greater than the max of " + TOKEN_LIFETIME.toSeconds());
        }
        String amzDate = params.getOrDefault("x-amz-date", "");
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw unauthorized("X-Amz-Date is missing or malformed");
        }
        Instant now = clock.instant();
        if (now.isAfter(signedAt.plus(TOKEN_LIFETIME))) {
            throw unauthorized("X-Amz-Date parameter is expired (15 minute expiration) " + amzDate);
        }
        if (signedAt.isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw unauthorized("X-Amz-Date parameter is in the future");
        }
        // What STS does with the request aws-iam-authenticator sends it (x-k8s-aws-id: the cluster's name).
        String[] credential = params.getOrDefault("x-amz-credential", "").split("/");
        if (credential.length != 5 || !credential[3].equals("sts") || !credential[4].equals("aws4_request")
                || !amzDate.startsWith(credential[1])) {
            throw unauthorized("credential scope is not an STS scope");
        }
        String key = credential[0];
        String sessionToken = params.get("x-amz-security-token");
        Directory.User user = directory.userByKey(key);
        Directory.Session session = user == null ? directory.session(key) : null;
        String secret;
        Caller caller;
        String sessionName = null;
        if (user != null && sessionToken == null) {
            secret = user.secretAccessKey();
            caller = new Caller(user.accountId(), user.arn(), user.userId(), null, null, Map.of());
        } else if (session != null && session.sessionToken().equals(sessionToken)) {
            if (!now.isBefore(session.expiration())) {
                throw unauthorized("STS: ExpiredToken");
            }
            secret = session.secretAccessKey();
            caller = session.caller();
            sessionName = session.sessionName();
        } else {
            throw unauthorized("STS: InvalidClientTokenId");
        }
        Map<String, List<String>> headers = Map.of("host", List.of(uri.getRawAuthority()),
                "x-k8s-aws-id", List.of(clusterName));
        SigV4.Authorization auth = new SigV4.Authorization(key, credential[1], credential[2], "sts", signed,
                params.getOrDefault("x-amz-signature", ""));
        String canonical = SigV4.canonicalRequest("GET", "/", unsigned.toString(), headers, signed, EMPTY_SHA256);
        String expected = SigV4.signature(secret, auth, SigV4.stringToSign(amzDate, auth.scope(), canonical));
        if (!SigV4.same(expected, auth.signature())) {
            throw unauthorized("STS: SignatureDoesNotMatch (a token for another cluster, or tampered)");
        }
        return new Identity(caller, caller.principalArnForPolicies(), sessionName);
    }

    private static String pad(String b64) {
        return b64 + "=".repeat((4 - b64.length() % 4) % 4);
    }

    // ------------------------------------------------------------------------------------------------ authorization

    /** What a request asks to do, as Kubernetes' authorizer sees it. */
    public record Attributes(String verb, String group, String resource, String namespace, String path) {
        public boolean resourceRequest() {
            return resource != null;
        }
    }

    /** Whether the access policy {@code policy} allows {@code a} (the rules of Kubernetes' user-facing roles). */
    public static boolean allows(String policy, Attributes a) {
        if (policy.equals("AmazonEKSClusterAdminPolicy")) {
            return true;
        }
        if (!a.resourceRequest()) {
            return false; // discovery paths are every authenticated user's (checked before the policies)
        }
        boolean read = Set.of("get", "list", "watch").contains(a.verb());
        boolean rbac = a.group().equals("rbac.authorization.k8s.io");
        if (a.resource().equals("namespaces") && a.group().isEmpty()) {
            return read;
        }
        if (a.namespace() == null) { // other cluster-scoped resources (nodes, cluster roles): cluster admins only
            return false;
        }
        return switch (policy) {
            case "AmazonEKSAdminPolicy" -> true;
            case "AmazonEKSEditPolicy" -> rbac ? false : a.resource().equals("resourcequotas") ? read : true;
            case "AmazonEKSViewPolicy" -> read && !rbac && !a.resource().equals("secrets");
            default -> false;
        };
    }

    /** Allowed to every authenticated user (system:discovery, system:basic-user, system:public-info-viewer). */
    public static boolean everyone(Attributes a) {
        if (!a.resourceRequest()) {
            String p = a.path();
            return a.verb().equals("get") && (p.equals("/api") || p.startsWith("/api/") || p.equals("/apis")
                    || p.startsWith("/apis/") || p.equals("/version") || p.equals("/healthz") || p.startsWith("/openapi"));
        }
        return a.group().equals("authorization.k8s.io") && a.resource().startsWith("selfsubject") && a.verb().equals("create");
    }

    /** Whether the entry's policies allow {@code a}: a namespace-scoped association only within its namespaces. */
    static boolean authorize(EksAccess.Entry entry, Attributes a) {
        if (everyone(a)) {
            return true;
        }
        for (EksAccess.Association p : EksAccess.policiesOf(entry)) {
            boolean inScope = p.scope().equals("cluster") || (a.namespace() != null && p.namespaces().contains(a.namespace()));
            if (inScope && allows(p.policyName(), a)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = ex.getRequestURI().getRawPath();
            String[] parts = path.split("/", 4);
            if (parts.length < 3 || !parts[1].equals("eks")) {
                write(ex, 404, status(404, "NotFound", "the server could not find the requested resource", null));
                return;
            }
            EksApi.ClusterView cluster = eks.byId(parts[2]);
            if (cluster == null || !cluster.status().equals("ACTIVE") && !cluster.status().equals("UPDATING")) {
                write(ex, 404, status(404, "NotFound", "no such cluster", null));
                return;
            }
            String apiPath = parts.length > 3 ? "/" + parts[3] : "/";
            String authz = ex.getRequestHeaders().getFirst("Authorization");
            try {
                Identity id = authenticate(authz != null && authz.startsWith("Bearer ") ? authz.substring(7).trim() : null,
                        cluster.name());
                EksAccess.Entry entry = cluster.entries().get(id.principalArn());
                if (entry == null) {
                    throw unauthorized("no access entry for " + id.principalArn());
                }
                String user = entry.username.replace("{{SessionName}}", id.sessionName() == null ? "" : id.sessionName());
                serve(ex, cluster, entry, user, apiPath, body);
            } catch (Refused r) {
                write(ex, r.status, status(r.status, r.reason, r.getMessage(), r.details));
            }
        } catch (RuntimeException | IOException e) {
            write(ex, 500, status(500, "InternalError", "simulator failure: " + e, null));
        }
    }

    private void serve(HttpExchange ex, EksApi.ClusterView cluster, EksAccess.Entry entry, String user, String path,
            byte[] body) throws IOException {
        String method = ex.getRequestMethod();
        String accept = String.valueOf(ex.getRequestHeaders().getFirst("Accept"));
        Attributes a = attributes(method, path, ex.getRequestURI().getRawQuery());
        if (!authorize(entry, a)) {
            throw forbidden(user, a);
        }
        switch (path) {
            case "/version" -> {
                write(ex, 200, json.createObjectNode().put("major", "1").put("minor", cluster.version().split("\\.")[1])
                        .put("gitVersion", "v" + cluster.version() + ".0-eks-simulated").put("platform", "linux/amd64")
                        .put("goVersion", "go1.24.0").put("compiler", "gc").put("gitTreeState", "clean"));
                return;
            }
            case "/api" -> {
                ObjectNode n = json.createObjectNode().put("kind", "APIVersions");
                n.putArray("versions").add("v1");
                n.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                        .put("serverAddress", "127.0.0.1:" + server.getAddress().getPort());
                write(ex, 200, n);
                return;
            }
            case "/apis" -> {
                ObjectNode n = json.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
                ArrayNode groups = n.putArray("groups");
                KINDS.stream().map(Kind::group).filter(g -> !g.isEmpty()).distinct().forEach(g -> {
                    ObjectNode group = groups.addObject().put("name", g);
                    group.putArray("versions").addObject().put("groupVersion", g + "/v1").put("version", "v1");
                    group.putObject("preferredVersion").put("groupVersion", g + "/v1").put("version", "v1");
                });
                write(ex, 200, n);
                return;
            }
            default -> { }
        }
        if (path.equals("/api/v1") || path.matches("/apis/[^/]+/v1")) {
            String group = path.equals("/api/v1") ? "" : path.split("/")[2];
            ObjectNode n = json.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                    .put("groupVersion", group.isEmpty() ? "v1" : group + "/v1");
            ArrayNode resources = n.putArray("resources");
            KINDS.stream().filter(k -> k.group().equals(group)).forEach(k -> {
                ObjectNode r = resources.addObject().put("name", k.resource()).put("singularName", "")
                        .put("namespaced", k.namespaced()).put("kind", k.kind());
                k.verbs().forEach(r.putArray("verbs")::add);
            });
            if (resources.isEmpty()) {
                write(ex, 404, status(404, "NotFound", "the server could not find the requested resource", null));
                return;
            }
            write(ex, 200, n);
            return;
        }
        if (a.resourceRequest() && a.resource().equals("selfsubjectaccessreviews") && method.equals("POST")) {
            JsonNode review = isProtobuf(body) ? reviewFromProtobuf(body)
                    : json.readTree(body.length == 0 ? "{}" : new String(body, StandardCharsets.UTF_8));
            JsonNode ra = review.path("spec").path("resourceAttributes");
            JsonNode nra = review.path("spec").path("nonResourceAttributes");
            Attributes asked = ra.isObject()
                    ? new Attributes(ra.path("verb").asText(""), ra.path("group").asText(""), ra.path("resource").asText(""),
                            ra.path("namespace").asText("").isEmpty() || !namespaced(ra.path("group").asText(""),
                                    ra.path("resource").asText("")) ? null : ra.path("namespace").asText(), null)
                    : new Attributes(nra.path("verb").asText(""), null, null, null, nra.path("path").asText(""));
            boolean allowed = authorize(entry, asked);
            ObjectNode out = review.isObject() ? (ObjectNode) review.deepCopy() : json.createObjectNode();
            out.put("kind", "SelfSubjectAccessReview").put("apiVersion", "authorization.k8s.io/v1");
            out.putObject("status").put("allowed", allowed).put("reason", allowed
                    ? "EKS Access Policy: allowed by ClusterRoleBinding of access policy to user \"" + user + "\"" : "");
            write(ex, 201, out);
            return;
        }
        if (a.resourceRequest() && a.resource().equals("nodes") && a.verb().equals("list")) {
            write(ex, 200, accept.contains("as=Table") ? nodeTable(cluster) : nodeList(cluster));
            return;
        }
        if (a.resourceRequest() && a.resource().equals("namespaces") && a.verb().equals("list")) {
            ObjectNode list = json.createObjectNode().put("kind", "NamespaceList").put("apiVersion", "v1");
            list.putObject("metadata").put("resourceVersion", "1");
            ArrayNode items = list.putArray("items");
            NAMESPACES.forEach(ns -> items.addObject().put("kind", "Namespace").put("apiVersion", "v1")
                    .putObject("metadata").put("name", ns));
            write(ex, 200, list);
            return;
        }
        if (a.resourceRequest() && a.verb().equals("list") && KINDS.stream().anyMatch(k -> k.resource().equals(a.resource()))) {
            Kind k = KINDS.stream().filter(x -> x.resource().equals(a.resource())).findFirst().orElseThrow();
            ObjectNode list = json.createObjectNode().put("kind", k.kind() + "List")
                    .put("apiVersion", k.group().isEmpty() ? "v1" : k.group() + "/v1");
            list.putObject("metadata").put("resourceVersion", "1");
            list.putArray("items");
            write(ex, 200, list);
            return;
        }
        write(ex, 404, status(404, "NotFound", "the server could not find the requested resource", null));
    }

    private static final byte[] PROTOBUF_MAGIC = {'k', '8', 's', 0};

    /** kubectl's typed clients send built-in types as Kubernetes protobuf ({@code k8s\0} + {@code runtime.Unknown}). */
    public static boolean isProtobuf(byte[] body) {
        return body.length > 4 && java.util.Arrays.equals(java.util.Arrays.copyOf(body, 4), PROTOBUF_MAGIC);
    }

    /**
     * The spec of a protobuf {@code SelfSubjectAccessReview} as the JSON the rest of the API reads: {@code Unknown.raw}
     * (field 2) holds the review, whose {@code spec} (2) has {@code resourceAttributes} (1: namespace 1, verb 2, group 3,
     * version 4, resource 5, subresource 6, name 7) or {@code nonResourceAttributes} (2: path 1, verb 2).
     */
    private ObjectNode reviewFromProtobuf(byte[] body) {
        return reviewFromProtobuf(json, body);
    }

    /** As {@link #reviewFromProtobuf(byte[])}, for the AKS API too. */
    public static ObjectNode reviewFromProtobuf(ObjectMapper json, byte[] body) {
        byte[] raw = protoField(java.util.Arrays.copyOfRange(body, 4, body.length), 2);
        byte[] spec = raw == null ? null : protoField(raw, 2);
        ObjectNode review = json.createObjectNode();
        ObjectNode out = review.putObject("spec");
        if (spec == null) {
            return review;
        }
        byte[] ra = protoField(spec, 1);
        byte[] nra = protoField(spec, 2);
        if (ra != null) {
            ObjectNode n = out.putObject("resourceAttributes");
            String[] names = {null, "namespace", "verb", "group", "version", "resource", "subresource", "name"};
            for (int f = 1; f < names.length; f++) {
                byte[] v = protoField(ra, f);
                if (v != null) {
                    n.put(names[f], new String(v, StandardCharsets.UTF_8));
                }
            }
        } else if (nra != null) {
            ObjectNode n = out.putObject("nonResourceAttributes");
            byte[] path = protoField(nra, 1);
            byte[] verb = protoField(nra, 2);
            n.put("path", path == null ? "" : new String(path, StandardCharsets.UTF_8));
            n.put("verb", verb == null ? "" : new String(verb, StandardCharsets.UTF_8));
        }
        return review;
    }

    /** The first length-delimited field {@code number} of a protobuf message, or {@code null}. */
    private static byte[] protoField(byte[] msg, int number) {
        int i = 0;
        while (i < msg.length) {
            long[] key = varint(msg, i);
            i = (int) key[1];
            int field = (int) (key[0] >>> 3);
            int type = (int) (key[0] & 7);
            switch (type) {
                case 0 -> i = (int) varint(msg, i)[1];
                case 1 -> i += 8;
                case 5 -> i += 4;
                case 2 -> {
                    long[] len = varint(msg, i);
                    int start = (int) len[1];
                    int end = start + (int) len[0];
                    if (field == number) {
                        return java.util.Arrays.copyOfRange(msg, start, end);
                    }
                    i = end;
                }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + type);
            }
        }
        return null;
    }

    /** A varint at {@code at}: its value and the index after it. */
    private static long[] varint(byte[] b, int at) {
        long value = 0;
        int shift = 0;
        int i = at;
        while (true) {
            byte x = b[i++];
            value |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return new long[] {value, i};
            }
            shift += 7;
        }
    }

    public static boolean namespaced(String group, String resource) {
        return KINDS.stream().filter(k -> k.group().equals(group) && k.resource().equals(resource))
                .findFirst().map(Kind::namespaced).orElse(true);
    }

    /** The request's authorization attributes from its method and path. */
    public static Attributes attributes(String method, String path, String rawQuery) {
        String[] s = java.util.Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).toArray(String[]::new);
        int base;
        String group;
        if (s.length >= 2 && s[0].equals("api")) {
            base = 2;
            group = "";
        } else if (s.length >= 3 && s[0].equals("apis")) {
            base = 3;
            group = s[1];
        } else {
            return new Attributes(method.equals("GET") ? "get" : method.toLowerCase(Locale.ROOT), null, null, null, path);
        }
        if (s.length == base) {
            return new Attributes("get", null, null, null, path);
        }
        String namespace = null;
        int i = base;
        if (s[i].equals("namespaces") && s.length > i + 2) {
            namespace = s[i + 1];
            i += 2;
        }
        String resource = s[i];
        String name = s.length > i + 1 ? s[i + 1] : null;
        if (resource.equals("namespaces") && name != null) {
            namespace = null;
        }
        boolean watch = rawQuery != null && rawQuery.contains("watch=true");
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
        return new Attributes(verb, group, resource, namespace, null);
    }

    private Refused forbidden(String user, Attributes a) {
        String message;
        ObjectNode details = json.createObjectNode();
        if (a.resourceRequest()) {
            message = a.resource() + " is forbidden: User \"" + user + "\" cannot " + a.verb() + " resource \"" + a.resource()
                    + "\" in API group \"" + a.group() + "\"" + (a.namespace() == null ? " at the cluster scope"
                    : " in the namespace \"" + a.namespace() + "\"");
            details.put("kind", a.resource());
        } else {
            message = "forbidden: User \"" + user + "\" cannot " + a.verb() + " path \"" + a.path() + "\"";
        }
        return new Refused(403, "Forbidden", message, details, message);
    }

    private List<String[]> nodes(EksApi.ClusterView cluster) {
        List<String[]> nodes = new ArrayList<>();
        int g = 0;
        for (EksApi.Nodegroup ng : cluster.nodegroups()) {
            g++;
            if (!ng.status.equals("ACTIVE") && !ng.status.equals("UPDATING")) {
                continue;
            }
            int desired = ng.scaling.path("desiredSize").asInt(0);
            for (int i = 0; i < desired; i++) {
                String name = "ip-10-0-" + g + "-" + (10 + i) + "." + cluster.region() + ".compute.internal";
                nodes.add(new String[] {name, ng.name, ng.version, ng.instanceTypes.get(0),
                        ng.modifiedAt.toString()});
            }
        }
        return nodes;
    }

    private ObjectNode node(String[] n, EksApi.ClusterView cluster) {
        ObjectNode node = json.createObjectNode().put("kind", "Node").put("apiVersion", "v1");
        ObjectNode meta = node.putObject("metadata").put("name", n[0]).put("creationTimestamp", n[4].replaceAll("\\.\\d+Z$", "Z"));
        meta.putObject("labels").put("eks.amazonaws.com/nodegroup", n[1]).put("kubernetes.io/hostname", n[0])
                .put("node.kubernetes.io/instance-type", n[3]).put("topology.kubernetes.io/region", cluster.region());
        ObjectNode status = node.putObject("status");
        status.putArray("conditions").addObject().put("type", "Ready").put("status", "True").put("reason", "KubeletReady");
        status.putObject("nodeInfo").put("kubeletVersion", "v" + n[2] + ".0-eks-simulated");
        return node;
    }

    private ObjectNode nodeList(EksApi.ClusterView cluster) {
        ObjectNode list = json.createObjectNode().put("kind", "NodeList").put("apiVersion", "v1");
        list.putObject("metadata").put("resourceVersion", "1");
        ArrayNode items = list.putArray("items");
        nodes(cluster).forEach(n -> items.add(node(n, cluster)));
        return list;
    }

    /** The server-side printing kubectl asks for ({@code as=Table}): NAME, STATUS, ROLES, AGE, VERSION. */
    private ObjectNode nodeTable(EksApi.ClusterView cluster) {
        ObjectNode t = json.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        t.putObject("metadata").put("resourceVersion", "1");
        ArrayNode cols = t.putArray("columnDefinitions");
        for (String[] c : new String[][] {{"Name", "name"}, {"Status", ""}, {"Roles", ""}, {"Age", ""}, {"Version", ""}}) {
            cols.addObject().put("name", c[0]).put("type", "string").put("format", c[1]).put("description", c[0])
                    .put("priority", 0);
        }
        ArrayNode rows = t.putArray("rows");
        Instant now = clock.instant();
        for (String[] n : nodes(cluster)) {
            ObjectNode row = rows.addObject();
            long age = Math.max(0, Duration.between(Instant.parse(n[4]), now).toMinutes());
            row.putArray("cells").add(n[0]).add("Ready").add("<none>").add(age + "m").add("v" + n[2] + ".0-eks-simulated");
            ObjectNode obj = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
            obj.set("metadata", node(n, cluster).get("metadata"));
        }
        return t;
    }

    private ObjectNode status(int code, String reason, String message, ObjectNode details) {
        ObjectNode n = json.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        n.putObject("metadata");
        n.put("status", "Failure").put("message", message).put("reason", reason);
        if (details != null) {
            n.set("details", details);
        }
        n.put("code", code);
        return n;
    }

    private void write(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
