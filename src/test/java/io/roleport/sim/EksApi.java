package io.roleport.sim;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Simulated Amazon EKS (REST-JSON): clusters and managed node groups per (account, region), with
 * asynchronous status changes ({@code CREATING -> ACTIVE}, {@code DELETING -> gone}) after the simulator's
 * transition delay, idempotency by {@code clientRequestToken}, and the validations Roleport depends on
 * (role ARN in the caller's account, subnets that exist there, ACTIVE cluster for node groups, no cluster
 * deletion while node groups exist). Every call is authorized by the {@link Authorizer} on the cluster's or node
 * group's ARN with its {@code aws:ResourceTag/*} (creates with {@code aws:RequestTag/*} and {@code aws:TagKeys});
 * a role handed to EKS needs {@code iam:PassRole} on it ({@code iam:PassedToService} = {@code eks.amazonaws.com}),
 * and the role itself must exist, trust {@code eks.amazonaws.com} (cluster) or {@code ec2.amazonaws.com} (nodes)
 * and be allowed what EKS and the nodes do with it ({@link #CLUSTER_ROLE_NEEDS}, {@link #NODE_ROLE_NEEDS}). A
 * cluster needs subnets of one VPC in at least two availability zones; a node group whose subnets cannot reach the
 * internet ({@link Ec2Api#reachesInternet}: a NAT gateway, or an internet gateway with public addresses) ends
 * {@code CREATE_FAILED} with the health issue EKS reports ({@code NodeCreationFailure}, "Instances failed to join the
 * kubernetes cluster").
 *
 * <p>Status changes are evaluated against the simulator clock on every access, under one lock: an answer
 * always reflects the time elapsed, with no background thread to race with.
 */
final class EksApi {

    private static final String NAME = "[0-9A-Za-z][A-Za-z0-9\\-_]{0,99}";

    /** A cluster; guarded by the EKS lock. */
    static final class Cluster {
        final String name;
        final String arn;
        final Instant createdAt;
        String version;
        final String roleArn;
        final List<String> subnetIds;
        final String vpcId;
        final Map<String, String> tags;
        final String token;
        final String id = UUID.randomUUID().toString().replace("-", "").toUpperCase();
        final Map<String, Nodegroup> nodegroups = new LinkedHashMap<>();
        /** Version and config updates of the cluster and its node groups, by id (DescribeUpdate). */
        final Map<String, Update> updates = new LinkedHashMap<>();
        String status = "CREATING";
        Instant transitionAt;
        /** The create request without its token, to tell an idempotent retry from a token reused for another request. */
        JsonNode request;
        // --- access (EksAccess, KubeApi) ---
        String authenticationMode = "CONFIG_MAP";
        boolean bootstrapClusterCreatorAdminPermissions = true;
        /** Principal ARN -> access entry. */
        final Map<String, EksAccess.Entry> accessEntries = new LinkedHashMap<>();

        Cluster(String name, String arn, Instant createdAt, String version, String roleArn, List<String> subnetIds,
                String vpcId, Map<String, String> tags, String token, Instant transitionAt) {
            this.name = name;
            this.arn = arn;
            this.createdAt = createdAt;
            this.version = version;
            this.roleArn = roleArn;
            this.subnetIds = subnetIds;
            this.vpcId = vpcId;
            this.tags = tags;
            this.token = token;
            this.transitionAt = transitionAt;
        }
    }

    /** A managed node group; guarded by the EKS lock. */
    static final class Nodegroup {
        String name;
        String arn;
        Instant createdAt;
        Instant modifiedAt;
        String version;
        JsonNode scaling;
        List<String> instanceTypes;
        List<String> subnets;
        String nodeRole;
        Map<String, String> tags;
        String token;
        String status = "CREATING";
        Instant transitionAt;
        /** The create request without its token (see {@link Cluster#request}). */
        JsonNode request;
        /** Subnets from which the nodes could not reach the cluster and the registries: the group ends CREATE_FAILED. */
        List<String> unreachableSubnets = List.of();
    }

    /**
     * An update (UpdateClusterVersion, UpdateNodegroupConfig, UpdateNodegroupVersion): {@code InProgress} until
     * {@code doneAt}, then applied and {@code Successful}. Guarded by the EKS lock.
     */
    static final class Update {
        String id;
        String type;
        String nodegroup;
        String token;
        Instant createdAt;
        Instant doneAt;
        String status = "InProgress";
        final Map<String, String> params = new LinkedHashMap<>();
        Runnable apply;
    }

    /** The Kubernetes versions the simulated EKS runs (CreateCluster, UpdateClusterVersion). */
    static final List<String> SUPPORTED_VERSIONS = List.of("1.29", "1.30", "1.31", "1.32", "1.33", "1.34");

    private final Map<String, Map<String, Cluster>> scopes = new HashMap<>();
    private final ObjectMapper json;
    private final Clock clock;
    private final Supplier<Duration> delay;
    private final Ec2Api ec2;
    private final Authorizer authz;
    private final Directory directory;
    private final EksAccess access;
    /** Serves each cluster's Kubernetes API; {@code null} until the simulator wires it. */
    private volatile KubeApi kube;

    /** The AWS managed policies whose actions a role must be allowed, for EKS to accept it as cluster role. */
    static final List<String> CLUSTER_ROLE_NEEDS = List.of("AmazonEKSClusterPolicy");
    /** ... as node role: the worker node, registry read and VPC CNI policies (docs: create-node-role). */
    static final List<String> NODE_ROLE_NEEDS = List.of("AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly",
            "AmazonEKS_CNI_Policy");

    EksApi(ObjectMapper json, Clock clock, Supplier<Duration> delay, Ec2Api ec2, Authorizer authz, Directory directory) {
        this.json = json;
        this.clock = clock;
        this.delay = delay;
        this.ec2 = ec2;
        this.authz = authz;
        this.directory = directory;
        this.access = new EksAccess(json, authz, directory);
    }

    void kube(KubeApi kube) {
        this.kube = kube;
    }

    /** A cluster's state as its Kubernetes API sees it, found by the id in its endpoint. */
    record ClusterView(String name, String region, String accountId, String version, String status,
            String authenticationMode, Map<String, EksAccess.Entry> entries, List<Nodegroup> nodegroups) {}

    /** The cluster with this id, in any account and region, or {@code null}; a snapshot taken under the lock. */
    synchronized ClusterView byId(String id) {
        Instant now = clock.instant();
        for (Map.Entry<String, Map<String, Cluster>> scope : scopes.entrySet()) {
            advance(scope.getValue(), now);
            for (Cluster c : scope.getValue().values()) {
                if (c.id.equals(id)) {
                    String[] arn = c.arn.split(":");
                    Map<String, EksAccess.Entry> entries = new LinkedHashMap<>();
                    c.accessEntries.forEach((k, e) -> {
                        EksAccess.Entry copy = new EksAccess.Entry(e.principalArn, e.arn, e.username, e.groups, e.tags,
                                e.createdAt);
                        copy.policies.putAll(e.policies);
                        entries.put(k, copy);
                    });
                    return new ClusterView(c.name, arn[3], arn[4], c.version, c.status, c.authenticationMode, entries,
                            new ArrayList<>(c.nodegroups.values()));
                }
            }
        }
        return null;
    }

    private static PolicyEvaluator.Context resourceTags(Map<String, String> tags) {
        return new PolicyEvaluator.Context().tags("aws:ResourceTag/", tags);
    }

    /**
     * A role handed to EKS: {@code iam:PassRole} for the caller, then EKS's own checks of the role: it exists and
     * trusts {@code servicePrincipal}, and its policies allow every action of the managed policies EKS expects
     * (whether attached as such or granted by equivalent policies of the customer's own).
     */
    private void requirePassableRole(Caller caller, String region, String roleArn, String member, String servicePrincipal,
            List<String> needs) {
        authz.require(caller, "eks", region, "iam:PassRole", roleArn,
                new PolicyEvaluator.Context().put("iam:PassedToService", "eks.amazonaws.com"));
        Directory.Role role = directory.roleByArn(roleArn);
        if (role == null || (member.equals("roleArn") && !TrustPolicy.trustsService(role.trustPolicy(), servicePrincipal))) {
            throw invalid("Role with arn: " + roleArn + ", could not be assumed because it does not exist or the trusted entity is not correct");
        }
        if (!TrustPolicy.trustsService(role.trustPolicy(), servicePrincipal)) {
            throw invalid("Following required service principals [" + servicePrincipal
                    + "] were not found in the trust relationships of nodeRole " + roleArn);
        }
        List<PolicyEvaluator.Policy> policies = directory.identityPolicies(roleArn);
        List<String> missing = new ArrayList<>();
        for (String needed : needs) {
            for (JsonNode st : TrustPolicy.asList(directory.awsManaged.document(needed).path("Statement"))) {
                if (st.has("Condition") || !"*".equals(st.path("Resource").asText())) {
                    continue;
                }
                for (JsonNode a : TrustPolicy.asList(st.path("Action"))) {
                    if (PolicyEvaluator.evaluate(policies, a.asText(), "*", new PolicyEvaluator.Context()).decision()
                            != PolicyEvaluator.Decision.ALLOWED && !missing.contains(needed)) {
                        missing.add(needed);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw invalid("The " + member + " " + roleArn + " is not allowed what Amazon EKS needs: attach "
                    + String.join(", ", missing.stream().map(n -> ManagedPolicies.ARN_PREFIX + n).toList()));
        }
    }

    /** Maps a REST call to its EKS action name, or {@code null} when no operation matches. */
    static String action(String method, String[] segs) {
        if (segs.length == 2 && segs[0].equals("tags")) {
            return method.equals("GET") ? "ListTagsForResource" : null;
        }
        if (segs.length == 0 || !segs[0].equals("clusters")) {
            return null;
        }
        if (segs.length >= 3 && segs[2].equals("access-entries")) {
            return EksAccess.action(method, segs);
        }
        return switch (segs.length) {
            case 1 -> method.equals("POST") ? "CreateCluster" : method.equals("GET") ? "ListClusters" : null;
            case 2 -> method.equals("GET") ? "DescribeCluster" : method.equals("DELETE") ? "DeleteCluster" : null;
            case 3 -> segs[2].equals("updates")
                    ? (method.equals("POST") ? "UpdateClusterVersion" : method.equals("GET") ? "ListUpdates" : null)
                    : !segs[2].equals("node-groups") ? null
                    : method.equals("POST") ? "CreateNodegroup" : method.equals("GET") ? "ListNodegroups" : null;
            case 4 -> segs[2].equals("updates") ? (method.equals("GET") ? "DescribeUpdate" : null)
                    : !segs[2].equals("node-groups") ? null
                    : method.equals("GET") ? "DescribeNodegroup" : method.equals("DELETE") ? "DeleteNodegroup" : null;
            case 5 -> !segs[2].equals("node-groups") || !method.equals("POST") ? null
                    : segs[4].equals("update-config") ? "UpdateNodegroupConfig"
                    : segs[4].equals("update-version") ? "UpdateNodegroupVersion" : null;
            default -> null;
        };
    }

    synchronized SimResponse handle(String action, String[] segs, Request req, Caller caller) {
        Map<String, Cluster> clusters = scopes.computeIfAbsent(caller.accountId() + "/" + req.region(), k -> new LinkedHashMap<>());
        Instant now = clock.instant();
        advance(clusters, now);
        String region = req.region();
        String account = caller.accountId();
        switch (action) {
            case "CreateCluster" -> {
                JsonNode body = body(req);
                String name = body.path("name").asText(null);
                if (name == null || !name.matches(NAME)) {
                    throw invalid("The cluster name must start with an alphanumeric character and contain only alphanumerics, hyphens and underscores (1-100): " + name);
                }
                authz.require(caller, "eks", region, "eks:CreateCluster", "arn:aws:eks:" + region + ":" + account + ":cluster/" + name,
                        Ec2Api.requestTags(stringMap(body.path("tags"))));
                String token = body.path("clientRequestToken").asText(null);
                Cluster existing = clusters.get(name);
                JsonNode request = withoutToken(body);
                if (token != null) {
                    for (Cluster other : clusters.values()) {
                        if (token.equals(other.token) && !request.equals(other.request)) {
                            throw tokenMismatch();
                        }
                    }
                }
                if (existing != null) {
                    if (token != null && token.equals(existing.token)) {
                        return wrap("cluster", cluster(existing));
                    }
                    throw new AwsError(409, "ResourceInUseException", "Cluster already exists with name: " + name);
                }
                String roleArn = body.path("roleArn").asText(null);
                requireRoleArn(roleArn, account, "roleArn");
                requirePassableRole(caller, region, roleArn, "roleArn", "eks.amazonaws.com", CLUSTER_ROLE_NEEDS);
                List<String> subnetIds = strings(body.path("resourcesVpcConfig").path("subnetIds"));
                List<Ec2Api.Subnet> subnets = requireSubnets(subnetIds, account, region);
                Set<String> vpcs = new HashSet<>();
                Set<String> zones = new HashSet<>();
                subnets.forEach(s -> {
                    vpcs.add(s.vpcId);
                    zones.add(s.az);
                });
                if (vpcs.size() > 1) {
                    throw invalid("Subnets specified must be in the same VPC");
                }
                if (zones.size() < 2) {
                    throw invalid("Subnets specified must be in at least two different AZs");
                }
                String version = body.path("version").asText("1.33");
                if (!SUPPORTED_VERSIONS.contains(version)) {
                    throw invalid("unsupported Kubernetes version");
                }
                Cluster c = new Cluster(name, "arn:aws:eks:" + region + ":" + account + ":cluster/" + name, now,
                        version, roleArn, subnetIds, vpcs.iterator().next(), stringMap(body.path("tags")), token,
                        now.plus(delay.get()));
                c.request = request;
                EksAccess.configure(c, body.path("accessConfig"), caller, now);
                clusters.put(name, c);
                return wrap("cluster", cluster(c));
            }
            case "ListTagsForResource" -> {
                String arn = segs[1];
                for (Cluster c : clusters.values()) {
                    Map<String, String> tags = c.arn.equals(arn) ? c.tags : c.nodegroups.values().stream()
                            .filter(n -> arn.equals(n.arn)).map(n -> n.tags).findFirst().orElse(null);
                    if (tags != null) {
                        authz.require(caller, "eks", region, "eks:ListTagsForResource", arn, resourceTags(tags));
                        ObjectNode out = json.createObjectNode();
                        ObjectNode t = out.putObject("tags");
                        tags.forEach(t::put);
                        return SimResponse.json(200, out.toString());
                    }
                }
                throw new AwsError(404, "NotFoundException", "No resource found with ARN " + arn);
            }
            case "ListClusters" -> {
                authz.require(caller, "eks", region, "eks:ListClusters", "arn:aws:eks:" + region + ":" + account + ":cluster/*");
                ObjectNode out = json.createObjectNode();
                ArrayNode names = out.putArray("clusters");
                clusters.keySet().forEach(names::add);
                return SimResponse.json(200, out.toString());
            }
            case "DescribeCluster" -> {
                Cluster found = clusters.get(segs[1]);
                authz.require(caller, "eks", region, "eks:DescribeCluster", "arn:aws:eks:" + region + ":" + account + ":cluster/"
                        + segs[1], resourceTags(found == null ? Map.of() : found.tags));
                return wrap("cluster", cluster(find(clusters, segs[1])));
            }
            case "DeleteCluster" -> {
                Cluster c = find(clusters, segs[1]);
                authz.require(caller, "eks", region, "eks:DeleteCluster", c.arn, resourceTags(c.tags));
                if (!c.nodegroups.isEmpty()) {
                    throw new AwsError(409, "ResourceInUseException", "Cluster has nodegroups attached");
                }
                if (!c.status.equals("DELETING")) {
                    c.status = "DELETING";
                    c.transitionAt = now.plus(delay.get());
                }
                return wrap("cluster", cluster(c));
            }
            case "CreateNodegroup" -> {
                Cluster c = find(clusters, segs[1]);
                JsonNode body = body(req);
                String name = body.path("nodegroupName").asText(null);
                if (name == null || !name.matches(NAME)) {
                    throw invalid("The nodegroup name must start with an alphanumeric character and contain only alphanumerics, hyphens and underscores (1-100): " + name);
                }
                authz.require(caller, "eks", region, "eks:CreateNodegroup", c.arn,
                        resourceTags(c.tags).with(Ec2Api.requestTags(stringMap(body.path("tags")))));
                String token = body.path("clientRequestToken").asText(null);
                Nodegroup existing = c.nodegroups.get(name);
                JsonNode request = withoutToken(body);
                if (token != null) {
                    for (Nodegroup other : c.nodegroups.values()) {
                        if (token.equals(other.token) && !request.equals(other.request)) {
                            throw tokenMismatch();
                        }
                    }
                }
                if (existing != null) {
                    if (token != null && token.equals(existing.token)) {
                        return wrap("nodegroup", nodegroup(c, existing));
                    }
                    throw new AwsError(409, "ResourceInUseException", "NodeGroup already exists with name " + name + " and cluster name " + c.name);
                }
                if (!c.status.equals("ACTIVE")) {
                    throw new AwsError(409, "ResourceInUseException", "Cluster '" + c.name + "' is not in ACTIVE status");
                }
                String nodeRole = body.path("nodeRole").asText(null);
                requireRoleArn(nodeRole, account, "nodeRole");
                requirePassableRole(caller, region, nodeRole, "nodeRole", "ec2.amazonaws.com", NODE_ROLE_NEEDS);
                List<String> subnets = strings(body.path("subnets"));
                requireSubnets(subnets, account, region);
                List<String> unreachable = subnets.stream()
                        .filter(id -> !ec2.reachesInternet(account, region, id)).toList();
                JsonNode scaling = body.path("scalingConfig");
                int min = scaling.path("minSize").asInt(1);
                int max = scaling.path("maxSize").asInt(2);
                int desired = scaling.path("desiredSize").asInt(min);
                if (min < 0 || max < 1 || min > max || desired < min || desired > max) {
                    throw invalid("Invalid scalingConfig: minSize " + min + ", maxSize " + max + ", desiredSize " + desired);
                }
                Nodegroup ng = new Nodegroup();
                ng.request = request;
                ng.name = name;
                ng.arn = "arn:aws:eks:" + region + ":" + account + ":nodegroup/" + c.name + "/" + name + "/" + UUID.randomUUID();
                ng.createdAt = now;
                ng.modifiedAt = now;
                ng.version = c.version;
                ObjectNode sc = json.createObjectNode().put("minSize", min).put("maxSize", max).put("desiredSize", desired);
                ng.scaling = sc;
                List<String> types = strings(body.path("instanceTypes"));
                ng.instanceTypes = types.isEmpty() ? List.of("t3.medium") : types;
                ng.subnets = subnets;
                ng.nodeRole = nodeRole;
                ng.tags = stringMap(body.path("tags"));
                ng.token = token;
                ng.unreachableSubnets = unreachable;
                ng.transitionAt = now.plus(delay.get());
                c.nodegroups.put(name, ng);
                return wrap("nodegroup", nodegroup(c, ng));
            }
            case "ListNodegroups" -> {
                Cluster c = find(clusters, segs[1]);
                authz.require(caller, "eks", region, "eks:ListNodegroups", c.arn, resourceTags(c.tags));
                ObjectNode out = json.createObjectNode();
                ArrayNode names = out.putArray("nodegroups");
                c.nodegroups.keySet().forEach(names::add);
                return SimResponse.json(200, out.toString());
            }
            case "DescribeNodegroup" -> {
                Cluster c = find(clusters, segs[1]);
                Nodegroup ng = findNodegroup(c, segs[3]);
                authz.require(caller, "eks", region, "eks:DescribeNodegroup", ng.arn, resourceTags(ng.tags));
                return wrap("nodegroup", nodegroup(c, ng));
            }
            case "DeleteNodegroup" -> {
                Cluster c = find(clusters, segs[1]);
                Nodegroup ng = findNodegroup(c, segs[3]);
                authz.require(caller, "eks", region, "eks:DeleteNodegroup", ng.arn, resourceTags(ng.tags));
                if (!ng.status.equals("DELETING")) {
                    ng.status = "DELETING";
                    ng.modifiedAt = now;
                    ng.transitionAt = now.plus(delay.get());
                }
                return wrap("nodegroup", nodegroup(c, ng));
            }
            case "UpdateClusterVersion" -> {
                Cluster c = find(clusters, segs[1]);
                authz.require(caller, "eks", region, "eks:UpdateClusterVersion", c.arn, resourceTags(c.tags));
                JsonNode body = body(req);
                Update same = sameToken(c, body);
                if (same != null) {
                    return wrap("update", update(same));
                }
                String version = body.path("version").asText(null);
                if (version == null || !SUPPORTED_VERSIONS.contains(version)) {
                    throw invalid("unsupported Kubernetes version");
                }
                requireNoUpdateInProgress(c);
                if (minorIndex(version) != minorIndex(c.version) + 1) {
                    throw invalid("Unsupported Kubernetes minor version update from " + c.version + " to " + version);
                }
                // API reference (UpdateClusterVersion): every managed node group must run the cluster's version first;
                // the EKS troubleshooting guide quotes the refusal's words
                List<String> behind = c.nodegroups.values().stream().filter(ng -> !ng.version.equals(c.version))
                        .map(ng -> ng.name).toList();
                if (!behind.isEmpty()) {
                    throw new AwsError(400, "InvalidRequestException", "Nodegroups " + String.join(", ", behind)
                            + " must be updated to match cluster version " + c.version + " before updating cluster version");
                }
                Update u = newUpdate(c, "VersionUpdate", null, body, now);
                u.params.put("Version", version);
                u.params.put("PlatformVersion", "eks.1");
                c.status = "UPDATING";
                u.apply = () -> {
                    c.version = version;
                    c.status = "ACTIVE";
                };
                return wrap("update", update(u));
            }
            case "UpdateNodegroupConfig" -> {
                Cluster c = find(clusters, segs[1]);
                Nodegroup ng = findNodegroup(c, segs[3]);
                authz.require(caller, "eks", region, "eks:UpdateNodegroupConfig", ng.arn, resourceTags(ng.tags));
                JsonNode body = body(req);
                Update same = sameToken(c, body);
                if (same != null) {
                    return wrap("update", update(same));
                }
                requireNoUpdateInProgress(c);
                if (!ng.status.equals("ACTIVE")) {
                    throw new AwsError(409, "ResourceInUseException", "Nodegroup " + ng.name + " is in status " + ng.status
                            + ": it must be ACTIVE to be updated");
                }
                JsonNode scaling = body.path("scalingConfig");
                if (scaling.isMissingNode()) {
                    throw invalid("At least one of scalingConfig, labels, taints or updateConfig must be provided");
                }
                int min = scaling.path("minSize").asInt(ng.scaling.path("minSize").asInt());
                int max = scaling.path("maxSize").asInt(ng.scaling.path("maxSize").asInt());
                int desired = scaling.path("desiredSize").asInt(ng.scaling.path("desiredSize").asInt());
                if (min < 0 || max < 1 || min > max || desired < min || desired > max) {
                    throw invalid("Invalid scalingConfig: minSize " + min + ", maxSize " + max + ", desiredSize " + desired
                            + " (0 <= minSize <= desiredSize <= maxSize, maxSize >= 1)");
                }
                Update u = newUpdate(c, "ConfigUpdate", ng.name, body, now);
                u.params.put("MinSize", String.valueOf(min));
                u.params.put("DesiredSize", String.valueOf(desired));
                u.params.put("MaxSize", String.valueOf(max));
                ng.status = "UPDATING";
                ng.modifiedAt = now;
                u.apply = () -> {
                    ng.scaling = json.createObjectNode().put("minSize", min).put("maxSize", max).put("desiredSize", desired);
                    ng.status = "ACTIVE";
                };
                return wrap("update", update(u));
            }
            case "UpdateNodegroupVersion" -> {
                Cluster c = find(clusters, segs[1]);
                Nodegroup ng = findNodegroup(c, segs[3]);
                authz.require(caller, "eks", region, "eks:UpdateNodegroupVersion", ng.arn, resourceTags(ng.tags));
                JsonNode body = body(req);
                Update same = sameToken(c, body);
                if (same != null) {
                    return wrap("update", update(same));
                }
                requireNoUpdateInProgress(c);
                if (!ng.status.equals("ACTIVE")) {
                    throw new AwsError(409, "ResourceInUseException", "Nodegroup " + ng.name + " is in status " + ng.status
                            + ": it must be ACTIVE to be updated");
                }
                String version = body.path("version").asText(c.version);
                if (!SUPPORTED_VERSIONS.contains(version)) {
                    throw invalid("unsupported Kubernetes version");
                }
                if (minorIndex(version) > minorIndex(c.version)) {
                    throw invalid("Nodegroup Kubernetes version should be equal to Cluster kubernetes version "
                            + c.version + " or NodeGroup kubernetes version is not supported");
                }
                if (minorIndex(version) < minorIndex(ng.version)) {
                    throw invalid("Unsupported Kubernetes minor version update from " + ng.version + " to " + version);
                }
                Update u = newUpdate(c, "VersionUpdate", ng.name, body, now);
                u.params.put("Version", version);
                u.params.put("ReleaseVersion", version + ".0-20250101");
                ng.status = "UPDATING";
                ng.modifiedAt = now;
                u.apply = () -> {
                    ng.version = version;
                    ng.status = "ACTIVE";
                };
                return wrap("update", update(u));
            }
            case "DescribeUpdate" -> {
                Cluster c = find(clusters, segs[1]);
                String nodegroup = req.param("nodegroupName");
                String arn = nodegroup == null ? c.arn : findNodegroup(c, nodegroup).arn;
                authz.require(caller, "eks", region, "eks:DescribeUpdate", arn,
                        resourceTags(nodegroup == null ? c.tags : c.nodegroups.get(nodegroup).tags));
                Update u = c.updates.get(segs[3]);
                if (u == null || !java.util.Objects.equals(u.nodegroup, nodegroup)) {
                    throw new AwsError(404, "ResourceNotFoundException", "No update found for ID: " + segs[3]);
                }
                return wrap("update", update(u));
            }
            case "ListUpdates" -> {
                Cluster c = find(clusters, segs[1]);
                String nodegroup = req.param("nodegroupName");
                authz.require(caller, "eks", region, "eks:ListUpdates", c.arn, resourceTags(c.tags));
                ObjectNode out = json.createObjectNode();
                ArrayNode ids = out.putArray("updateIds");
                c.updates.values().stream().filter(u -> java.util.Objects.equals(u.nodegroup, nodegroup))
                        .forEach(u -> ids.add(u.id));
                return SimResponse.json(200, out.toString());
            }
            default -> {
                if (EksAccess.handles(action)) {
                    return access.handle(action, find(clusters, segs[1]), segs, body(req), caller, region, now);
                }
                throw new AwsError(404, "UnknownOperationException", "Unknown operation " + action);
            }
        }
    }

    // --- updates (day-2 operations) ---

    /** EKS runs one update at a time per cluster: another one while it runs is refused. */
    private static void requireNoUpdateInProgress(Cluster c) {
        if (!c.status.equals("ACTIVE")) {
            throw new AwsError(409, "ResourceInUseException", "Cluster " + c.name + " is in status " + c.status
                    + ": an update can start only when it is ACTIVE");
        }
        for (Update u : c.updates.values()) {
            if (u.status.equals("InProgress")) {
                throw new AwsError(409, "ResourceInUseException", "An update is already in progress for cluster " + c.name
                        + (u.nodegroup == null ? "" : " (nodegroup " + u.nodegroup + ")") + ": " + u.id);
            }
        }
    }

    /** The update an earlier request with the same {@code clientRequestToken} started (an idempotent retry). */
    private static Update sameToken(Cluster c, JsonNode body) {
        String token = body.path("clientRequestToken").asText(null);
        if (token == null) {
            return null;
        }
        return c.updates.values().stream().filter(u -> token.equals(u.token)).findFirst().orElse(null);
    }

    private Update newUpdate(Cluster c, String type, String nodegroup, JsonNode body, Instant now) {
        Update u = new Update();
        u.id = UUID.randomUUID().toString();
        u.type = type;
        u.nodegroup = nodegroup;
        u.token = body.path("clientRequestToken").asText(null);
        u.createdAt = now;
        u.doneAt = now.plus(delay.get());
        c.updates.put(u.id, u);
        return u;
    }

    private static int minorIndex(String version) {
        String[] p = version.split("\\.");
        return p.length < 2 ? -1 : Integer.parseInt(p[0]) * 1000 + Integer.parseInt(p[1]);
    }

    private ObjectNode update(Update u) {
        ObjectNode n = json.createObjectNode();
        n.put("id", u.id).put("status", u.status).put("type", u.type).put("createdAt", epoch(u.createdAt));
        ArrayNode params = n.putArray("params");
        u.params.forEach((k, v) -> params.addObject().put("type", k).put("value", v));
        n.putArray("errors");
        return n;
    }

    private static void advance(Map<String, Cluster> clusters, Instant now) {
        for (var it = clusters.values().iterator(); it.hasNext();) {
            Cluster c = it.next();
            for (Update u : c.updates.values()) {
                if (u.status.equals("InProgress") && !now.isBefore(u.doneAt)) {
                    u.apply.run();
                    u.status = "Successful";
                }
            }
            for (var nit = c.nodegroups.values().iterator(); nit.hasNext();) {
                Nodegroup ng = nit.next();
                if (!now.isBefore(ng.transitionAt)) {
                    if (ng.status.equals("CREATING")) {
                        ng.status = ng.unreachableSubnets.isEmpty() ? "ACTIVE" : "CREATE_FAILED";
                        ng.modifiedAt = ng.transitionAt;
                    } else if (ng.status.equals("DELETING")) {
                        nit.remove();
                    }
                }
            }
            if (!now.isBefore(c.transitionAt)) {
                if (c.status.equals("CREATING")) {
                    c.status = "ACTIVE";
                } else if (c.status.equals("DELETING")) {
                    it.remove();
                }
            }
        }
    }

    private void requireRoleArn(String arn, String account, String member) {
        if (arn == null || arn.isEmpty()) {
            throw invalid(member + " is required");
        }
        var m = Directory.ROLE_ARN.matcher(arn);
        if (!m.matches()) {
            throw invalid("Invalid " + member + ": " + arn + " is not a valid IAM role ARN");
        }
        if (!m.group(1).equals(account)) {
            throw invalid("Invalid " + member + ": " + arn + " does not belong to account " + account);
        }
    }

    private List<Ec2Api.Subnet> requireSubnets(List<String> ids, String account, String region) {
        if (ids.isEmpty()) {
            throw invalid("Subnets are required");
        }
        List<Ec2Api.Subnet> subnets = ec2.subnets(account, region, ids);
        for (int i = 0; i < ids.size(); i++) {
            if (subnets.get(i) == null) {
                throw invalid("The subnet ID '" + ids.get(i) + "' does not exist");
            }
        }
        return subnets;
    }

    private JsonNode body(Request req) {
        try {
            JsonNode n = json.readTree(req.body().length == 0 ? "{}" : req.bodyText());
            return n == null ? json.createObjectNode() : n;
        } catch (Exception e) {
            throw new AwsError(400, "SerializationException", "Malformed JSON body");
        }
    }

    private static Cluster find(Map<String, Cluster> clusters, String name) {
        Cluster c = clusters.get(name);
        if (c == null) {
            throw new AwsError(404, "ResourceNotFoundException", "No cluster found for name: " + name + ".");
        }
        return c;
    }

    private static JsonNode withoutToken(JsonNode body) {
        ObjectNode copy = body.isObject() ? ((ObjectNode) body).deepCopy() : new ObjectMapper().createObjectNode();
        copy.remove("clientRequestToken");
        return copy;
    }

    /** EKS's answer to a {@code clientRequestToken} reused with different parameters. */
    private static AwsError tokenMismatch() {
        return new AwsError(400, "InvalidRequestException",
                "The clientRequestToken was already used for a request with different parameters");
    }

    private static Nodegroup findNodegroup(Cluster c, String name) {
        Nodegroup ng = c.nodegroups.get(name);
        if (ng == null) {
            throw new AwsError(404, "ResourceNotFoundException", "No node group found for name: " + name + ".");
        }
        return ng;
    }

    private static AwsError invalid(String message) {
        return new AwsError(400, "InvalidParameterException", message);
    }

    private ObjectNode cluster(Cluster c) {
        ObjectNode n = json.createObjectNode();
        n.put("name", c.name).put("arn", c.arn).put("createdAt", epoch(c.createdAt)).put("version", c.version);
        boolean ready = !c.status.equals("CREATING");
        KubeApi k8s = kube;
        if (ready) {
            n.put("endpoint", k8s != null ? k8s.endpoint(c.id)
                    : "https://" + c.id + ".gr7." + c.arn.split(":")[3] + ".eks.amazonaws.com");
        }
        n.put("roleArn", c.roleArn);
        ObjectNode vpc = n.putObject("resourcesVpcConfig");
        c.subnetIds.forEach(vpc.putArray("subnetIds")::add);
        vpc.putArray("securityGroupIds");
        vpc.put("clusterSecurityGroupId", "sg-" + c.id.substring(0, 17).toLowerCase());
        vpc.put("vpcId", c.vpcId).put("endpointPublicAccess", true).put("endpointPrivateAccess", false);
        vpc.putArray("publicAccessCidrs").add("0.0.0.0/0");
        n.putObject("kubernetesNetworkConfig").put("serviceIpv4Cidr", "10.100.0.0/16").put("ipFamily", "ipv4");
        n.putObject("identity").putObject("oidc").put("issuer", "https://oidc.eks." + c.arn.split(":")[3]
                + ".amazonaws.com/id/" + c.id);
        n.put("status", c.status);
        ObjectNode ca = n.putObject("certificateAuthority");
        if (ready && k8s != null) {
            ca.put("data", k8s.certificateAuthorityData());
        } else if (ready) {
            ca.put("data", Base64.getEncoder().encodeToString(("-----BEGIN CERTIFICATE-----\nSIMULATED-" + c.id
                    + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.UTF_8)));
        }
        n.put("platformVersion", "eks.1");
        EksAccess.describe(c, n);
        ObjectNode tags = n.putObject("tags");
        c.tags.forEach(tags::put);
        if (c.token != null) {
            n.put("clientRequestToken", c.token);
        }
        return n;
    }

    private ObjectNode nodegroup(Cluster c, Nodegroup ng) {
        ObjectNode n = json.createObjectNode();
        n.put("nodegroupName", ng.name).put("nodegroupArn", ng.arn).put("clusterName", c.name).put("version", ng.version)
                .put("releaseVersion", ng.version + ".0-20250101").put("createdAt", epoch(ng.createdAt))
                .put("modifiedAt", epoch(ng.modifiedAt)).put("status", ng.status).put("capacityType", "ON_DEMAND");
        n.set("scalingConfig", ng.scaling);
        ng.instanceTypes.forEach(n.putArray("instanceTypes")::add);
        ng.subnets.forEach(n.putArray("subnets")::add);
        n.put("amiType", "AL2023_x86_64_STANDARD").put("nodeRole", ng.nodeRole).put("diskSize", 20);
        ArrayNode issues = n.putObject("health").putArray("issues");
        if (ng.status.equals("CREATE_FAILED")) {
            // What EKS reports when the instances came up but could not reach the cluster's endpoint or the registry.
            ObjectNode issue = issues.addObject().put("code", "NodeCreationFailure")
                    .put("message", "Instances failed to join the kubernetes cluster");
            ArrayNode ids = issue.putArray("resourceIds");
            for (int i = 0; i < ng.scaling.path("desiredSize").asInt(1); i++) {
                ids.add("i-0" + Integer.toHexString((ng.name + i).hashCode()).replace("-", "") + "sim");
            }
        }
        ObjectNode tags = n.putObject("tags");
        ng.tags.forEach(tags::put);
        return n;
    }

    private SimResponse wrap(String field, ObjectNode node) {
        ObjectNode out = json.createObjectNode();
        out.set(field, node);
        return SimResponse.json(200, out.toString());
    }

    /** Epoch seconds as a JSON number with millisecond precision (the SDK refuses ISO strings here). */
    static java.math.BigDecimal epoch(Instant i) {
        return java.math.BigDecimal.valueOf(i.toEpochMilli(), 3);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Map<String, String> stringMap(JsonNode obj) {
        Map<String, String> out = new LinkedHashMap<>();
        obj.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
