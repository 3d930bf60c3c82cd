package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * EKS cluster access management, as EKS does it: the cluster's {@code accessConfig} (authentication mode and the
 * creator's bootstrap entry), access entries ({@code CreateAccessEntry}, {@code DescribeAccessEntry},
 * {@code ListAccessEntries}, {@code DeleteAccessEntry}) and their access policies ({@code AssociateAccessPolicy},
 * {@code DisassociateAccessPolicy}, {@code ListAssociatedAccessPolicies}). Access entries are refused while the cluster
 * authenticates only with the {@code aws-auth} ConfigMap. Every call is authorized on the cluster's ARN (the access
 * entry's ARN for its own calls) like the other EKS calls. The {@link KubeApi} reads the entries to decide who may do
 * what inside the cluster. Called by {@link EksApi} under its lock.
 */
final class EksAccess {

    static final Set<String> MODES = Set.of("API", "API_AND_CONFIG_MAP", "CONFIG_MAP");
    static final String POLICY_PREFIX = "arn:aws:eks::aws:cluster-access-policy/";
    /** The access policies the simulator knows (their rules are in {@link KubeApi}). */
    static final Set<String> POLICIES = Set.of("AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy",
            "AmazonEKSEditPolicy", "AmazonEKSViewPolicy");

    /** One access entry of a cluster; guarded by the EKS lock. */
    static final class Entry {
        final String principalArn;
        final String arn;
        final String username;
        final List<String> groups;
        final Map<String, String> tags;
        final Instant createdAt;
        Instant modifiedAt;
        /** Policy ARN -> its association. */
        final Map<String, Association> policies = new LinkedHashMap<>();

        Entry(String principalArn, String arn, String username, List<String> groups, Map<String, String> tags,
                Instant createdAt) {
            this.principalArn = principalArn;
            this.arn = arn;
            this.username = username;
            this.groups = groups;
            this.tags = tags;
            this.createdAt = createdAt;
            this.modifiedAt = createdAt;
        }
    }

    /** An access policy associated with an entry, at cluster scope or for some namespaces. */
    record Association(String policyArn, String scope, List<String> namespaces, Instant associatedAt,
            Instant modifiedAt) {
        String policyName() {
            return policyArn.substring(POLICY_PREFIX.length());
        }
    }

    private final ObjectMapper json;
    private final Authorizer authz;
    private final Directory directory;

    EksAccess(ObjectMapper json, Authorizer authz, Directory directory) {
        this.json = json;
        this.authz = authz;
        this.directory = directory;
    }

    /** The REST route of an access call ({@code segs[2]} is {@code access-entries}), or {@code null}. */
    static String action(String method, String[] segs) {
        if (segs.length < 3 || !segs[2].equals("access-entries")) {
            return null;
        }
        return switch (segs.length) {
            case 3 -> method.equals("POST") ? "CreateAccessEntry" : method.equals("GET") ? "ListAccessEntries" : null;
            case 4 -> method.equals("GET") ? "DescribeAccessEntry" : method.equals("DELETE") ? "DeleteAccessEntry" : null;
            case 5 -> !segs[4].equals("access-policies") ? null
                    : method.equals("POST") ? "AssociateAccessPolicy"
                    : method.equals("GET") ? "ListAssociatedAccessPolicies" : null;
            case 6 -> segs[4].equals("access-policies") && method.equals("DELETE") ? "DisassociateAccessPolicy" : null;
            default -> null;
        };
    }

    static boolean handles(String action) {
        return action.endsWith("AccessEntry") || action.endsWith("AccessEntries") || action.endsWith("AccessPolicy")
                || action.equals("ListAssociatedAccessPolicies");
    }

    /**
     * The {@code accessConfig} of a CreateCluster request: the authentication mode (EKS's API default is
     * {@code CONFIG_MAP}) and, unless {@code bootstrapClusterCreatorAdminPermissions} is false, an access entry for
     * the creator's IAM principal with {@code AmazonEKSClusterAdminPolicy} (in the API modes; with the ConfigMap only,
     * EKS writes the creator into {@code aws-auth}, which the simulator keeps as the same entry, not listed).
     */
    static void configure(EksApi.Cluster c, JsonNode accessConfig, Caller creator, Instant now) {
        String mode = accessConfig.path("authenticationMode").asText("CONFIG_MAP");
        if (!MODES.contains(mode)) {
            throw new AwsError(400, "InvalidParameterException",
                    "Invalid authenticationMode: " + mode + ". Valid values: API, API_AND_CONFIG_MAP, CONFIG_MAP");
        }
        c.authenticationMode = mode;
        c.bootstrapClusterCreatorAdminPermissions = accessConfig.path("bootstrapClusterCreatorAdminPermissions").asBoolean(true);
        if (c.bootstrapClusterCreatorAdminPermissions) {
            String principal = creator.principalArnForPolicies();
            Entry e = new Entry(principal, entryArn(c, principal), username(principal), List.of(), Map.of(), now);
            e.policies.put(POLICY_PREFIX + "AmazonEKSClusterAdminPolicy", new Association(
                    POLICY_PREFIX + "AmazonEKSClusterAdminPolicy", "cluster", List.of(), now, now));
            c.accessEntries.put(principal, e);
        }
    }

    /** The cluster's {@code accessConfig} as DescribeCluster shows it. */
    static void describe(EksApi.Cluster c, ObjectNode cluster) {
        cluster.putObject("accessConfig").put("authenticationMode", c.authenticationMode)
                .put("bootstrapClusterCreatorAdminPermissions", c.bootstrapClusterCreatorAdminPermissions);
    }

    SimResponse handle(String action, EksApi.Cluster c, String[] segs, JsonNode body, Caller caller, String region,
            Instant now) {
        String principal = segs.length > 3 ? segs[3] : body.path("principalArn").asText(null);
        switch (action) {
            case "ListAccessEntries" -> {
                authz.require(caller, "eks", region, "eks:ListAccessEntries", c.arn, tags(c.tags));
                requireApiMode(c);
                ObjectNode out = json.createObjectNode();
                ArrayNode arr = out.putArray("accessEntries");
                c.accessEntries.keySet().forEach(arr::add);
                return SimResponse.json(200, out.toString());
            }
            case "CreateAccessEntry" -> {
                Map<String, String> requestTags = EksApi.stringMap(body.path("tags"));
                authz.require(caller, "eks", region, "eks:CreateAccessEntry", c.arn,
                        tags(c.tags).with(Ec2Api.requestTags(requestTags)).put("eks:principalArn", String.valueOf(principal)));
                requireApiMode(c);
                if (principal == null || principal.isEmpty()) {
                    throw invalid("principalArn is required");
                }
                String type = body.path("type").asText("STANDARD");
                if (!type.equals("STANDARD")) {
                    throw invalid("The simulator supports only access entries of type STANDARD, not " + type);
                }
                if (c.accessEntries.containsKey(principal)) {
                    throw new AwsError(409, "ResourceInUseException",
                            "The specified access entry resource is already in use on this cluster.");
                }
                requirePrincipal(principal, c);
                List<String> groups = EksApi.strings(body.path("kubernetesGroups"));
                for (String g : groups) {
                    if (g.startsWith("system:")) {
                        throw invalid("The kubernetesGroup name " + g + " is invalid, it cannot start with system:");
                    }
                }
                String username = body.path("username").asText(username(principal));
                Entry e = new Entry(principal, entryArn(c, principal), username, groups, requestTags, now);
                c.accessEntries.put(principal, e);
                return SimResponse.json(200, wrap("accessEntry", entry(c, e)).toString());
            }
            case "DescribeAccessEntry" -> {
                Entry e = find(c, principal);
                authz.require(caller, "eks", region, "eks:DescribeAccessEntry", e.arn, tags(e.tags));
                return SimResponse.json(200, wrap("accessEntry", entry(c, e)).toString());
            }
            case "DeleteAccessEntry" -> {
                Entry e = find(c, principal);
                authz.require(caller, "eks", region, "eks:DeleteAccessEntry", e.arn, tags(e.tags));
                c.accessEntries.remove(principal);
                return SimResponse.json(200, "{}");
            }
            case "AssociateAccessPolicy" -> {
                Entry e = find(c, principal);
                String policyArn = body.path("policyArn").asText(null);
                authz.require(caller, "eks", region, "eks:AssociateAccessPolicy", e.arn,
                        tags(e.tags).put("eks:policyArn", String.valueOf(policyArn)));
                requirePolicy(policyArn);
                JsonNode scope = body.path("accessScope");
                String type = scope.path("type").asText(null);
                List<String> namespaces = EksApi.strings(scope.path("namespaces"));
                if (!"cluster".equals(type) && !"namespace".equals(type)) {
                    throw invalid("accessScope.type must be cluster or namespace");
                }
                if (type.equals("cluster") && !namespaces.isEmpty()) {
                    throw invalid("Namespaces must not be specified for an access scope of type cluster");
                }
                if (type.equals("namespace") && namespaces.isEmpty()) {
                    throw invalid("Namespaces must be specified for an access scope of type namespace");
                }
                Association old = e.policies.get(policyArn);
                Association a = new Association(policyArn, type, namespaces, old == null ? now : old.associatedAt(), now);
                e.policies.put(policyArn, a);
                e.modifiedAt = now;
                ObjectNode out = json.createObjectNode().put("clusterName", c.name).put("principalArn", principal);
                out.set("associatedAccessPolicy", association(a));
                return SimResponse.json(200, out.toString());
            }
            case "ListAssociatedAccessPolicies" -> {
                Entry e = find(c, principal);
                authz.require(caller, "eks", region, "eks:ListAssociatedAccessPolicies", e.arn, tags(e.tags));
                ObjectNode out = json.createObjectNode().put("clusterName", c.name).put("principalArn", principal);
                ArrayNode arr = out.putArray("associatedAccessPolicies");
                e.policies.values().forEach(a -> arr.add(association(a)));
                return SimResponse.json(200, out.toString());
            }
            case "DisassociateAccessPolicy" -> {
                Entry e = find(c, principal);
                authz.require(caller, "eks", region, "eks:DisassociateAccessPolicy", e.arn, tags(e.tags));
                String policyArn = segs[5];
                if (e.policies.remove(policyArn) == null) {
                    throw new AwsError(404, "ResourceNotFoundException",
                            "The specified policy " + policyArn + " is not associated with the access entry.");
                }
                e.modifiedAt = now;
                return SimResponse.json(200, "{}");
            }
            default -> throw new AwsError(404, "UnknownOperationException", "Unknown operation " + action);
        }
    }

    private static void requireApiMode(EksApi.Cluster c) {
        if (c.authenticationMode.equals("CONFIG_MAP")) {
            throw new AwsError(400, "InvalidRequestException", "The cluster's authentication mode must be set to one of "
                    + "[API, API_AND_CONFIG_MAP] to perform this operation.");
        }
    }

    /** EKS accepts IAM roles and users of the cluster's account that exist (no assumed-role session ARNs). */
    private void requirePrincipal(String principal, EksApi.Cluster c) {
        String account = c.arn.split(":")[4];
        boolean exists = principal.startsWith("arn:aws:iam::" + account + ":role/") ? directory.roleByArn(principal) != null
                : principal.startsWith("arn:aws:iam::" + account + ":user/")
                        && directory.userExists(account, principal.substring(principal.lastIndexOf('/') + 1));
        if (!exists) {
            throw invalid("The specified principalArn is invalid: invalid principal.");
        }
    }

    private static void requirePolicy(String policyArn) {
        if (policyArn == null || !policyArn.startsWith(POLICY_PREFIX)
                || !POLICIES.contains(policyArn.substring(POLICY_PREFIX.length()))) {
            throw new AwsError(404, "ResourceNotFoundException", "The specified policyArn " + policyArn
                    + " could not be found. You can view available access policies with 'list-access-policies'.");
        }
    }

    private static Entry find(EksApi.Cluster c, String principal) {
        requireApiMode(c);
        Entry e = principal == null ? null : c.accessEntries.get(principal);
        if (e == null) {
            throw new AwsError(404, "ResourceNotFoundException", "The specified principalArn could not be found. "
                    + "You can view your available access entries with 'list-access-entries'.");
        }
        return e;
    }

    /** The Kubernetes user name EKS gives a role's sessions, or a user. */
    static String username(String principal) {
        var m = Directory.ROLE_ARN.matcher(principal);
        if (m.matches()) {
            String name = principal.substring(principal.lastIndexOf('/') + 1);
            return "arn:aws:sts::" + m.group(1) + ":assumed-role/" + name + "/{{SessionName}}";
        }
        return principal;
    }

    private static String entryArn(EksApi.Cluster c, String principal) {
        String[] p = c.arn.split(":");
        String kind = principal.contains(":role/") ? "role" : "user";
        String name = principal.substring(principal.lastIndexOf('/') + 1);
        return "arn:aws:eks:" + p[3] + ":" + p[4] + ":access-entry/" + c.name + "/" + kind + "/" + p[4] + "/" + name
                + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static PolicyEvaluator.Context tags(Map<String, String> tags) {
        return new PolicyEvaluator.Context().tags("aws:ResourceTag/", tags);
    }

    private ObjectNode wrap(String field, ObjectNode node) {
        ObjectNode out = json.createObjectNode();
        out.set(field, node);
        return out;
    }

    private ObjectNode entry(EksApi.Cluster c, Entry e) {
        ObjectNode n = json.createObjectNode().put("clusterName", c.name).put("principalArn", e.principalArn)
                .put("accessEntryArn", e.arn).put("createdAt", EksApi.epoch(e.createdAt))
                .put("modifiedAt", EksApi.epoch(e.modifiedAt)).put("username", e.username).put("type", "STANDARD");
        ArrayNode groups = n.putArray("kubernetesGroups");
        e.groups.forEach(groups::add);
        ObjectNode t = n.putObject("tags");
        e.tags.forEach(t::put);
        return n;
    }

    private ObjectNode association(Association a) {
        ObjectNode n = json.createObjectNode().put("policyArn", a.policyArn())
                .put("associatedAt", EksApi.epoch(a.associatedAt())).put("modifiedAt", EksApi.epoch(a.modifiedAt()));
        ObjectNode scope = n.putObject("accessScope").put("type", a.scope());
        ArrayNode ns = scope.putArray("namespaces");
        a.namespaces().forEach(ns::add);
        return n;
    }

    private static AwsError invalid(String message) {
        return new AwsError(400, "InvalidParameterException", message);
    }

    /** The entries a {@link KubeApi} reads: a snapshot, safe outside the lock. */
    static List<Association> policiesOf(Entry e) {
        return new ArrayList<>(e.policies.values());
    }
}
