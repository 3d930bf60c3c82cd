package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity side of the simulated AWS: accounts, IAM users (long-term keys) and roles from the seed,
 * roles created later through IAM, and the assumed-role sessions STS issues. Thread-safe.
 */
final class Directory {

    static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role(/(?:[\\x21-\\x7E]*/)?)?([\\w+=,.@-]{1,64})");
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An account of the seed. */
    record Account(String id, String name) {
    }

    /** An IAM user with its one long-term access key. */
    record User(String accountId, String name, String accessKeyId, String secretAccessKey, boolean admin, String userId) {
        String arn() {
            return "arn:aws:iam::" + accountId + ":user/" + name;
        }
    }

    /** An IAM role with its trust policy (kept both as the original text and parsed). */
    record Role(String accountId, String name, String path, String roleId, String trustPolicyText, JsonNode trustPolicy,
            boolean admin, String description, Instant createDate, int maxSessionDuration) {
        String arn() {
            return "arn:aws:iam::" + accountId + ":role" + path + name;
        }
    }

    /** An assumed-role session issued by STS. */
    record Session(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration, Role role,
            String sessionName, String sourceIdentity, Map<String, String> tags) {
        String arn() {
            return "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + sessionName;
        }

        Caller caller() {
            return new Caller(role.accountId(), arn(), role.roleId() + ":" + sessionName, role.arn(),
                    sourceIdentity, tags);
        }
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    /** The AWS managed policies this simulator knows, with their real documents ({@link ManagedPolicies}). */
    final ManagedPolicies awsManaged;
    /** Principal IAM ARN (role or user) -> its identity policies. */
    private final Map<String, Policies> policies = new ConcurrentHashMap<>();
    /** Customer-managed policies by ARN ({@code arn:aws:iam::ACCT:policy/PATHNAME}). */
    private final Map<String, ManagedPolicy> customerPolicies = new ConcurrentHashMap<>();
    private final Map<String, User> usersByKey = new ConcurrentHashMap<>();
    /** account id -> role name -> role. Guarded by {@code this}. */
    private final Map<String, Map<String, Role>> roles = new HashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** account id -> OIDC providers (IAM {@code oidc-provider}s) of that account. */
    private final Map<String, List<OidcProvider>> oidcProviders = new ConcurrentHashMap<>();
    /** Upper bound of every issued session's lifetime (tests shorten it to exercise refresh), or {@code null}. */
    private volatile Duration maxIssuedSessionLifetime;
    final Duration transitionDelay;

    /**
     * An IAM OIDC identity provider of an account: the issuer URL and the client ids (audiences) it accepts.
     * Its ARN is built like IAM does, from the URL without its scheme.
     */
    record OidcProvider(String accountId, String url, List<String> clientIds) {
        /** The URL without scheme and trailing slash, e.g. {@code 127.0.0.1:9400/roleport}; also the condition-key prefix. */
        String hostPath() {
            String u = url.replaceFirst("^https?://", "");
            return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        }

        String arn() {
            return "arn:aws:iam::" + accountId + ":oidc-provider/" + hostPath();
        }
    }

    /** The identity policies of one role or user: inline ones by name, and the ARNs of attached managed ones. */
    static final class Policies {
        final Map<String, JsonNode> inline = new LinkedHashMap<>();
        final java.util.Set<String> attached = new java.util.LinkedHashSet<>();
    }

    /** A managed policy: an AWS managed one of the catalogue, or one a customer created in its account. */
    record ManagedPolicy(String arn, String name, String path, String policyId, JsonNode document, Instant createDate) {}

    private Directory(Duration transitionDelay, ManagedPolicies awsManaged) {
        this.transitionDelay = transitionDelay;
        this.awsManaged = awsManaged;
    }

    /** Loads the declarative seed (see docs/simulator.md). */
    static Directory load(Path seedJson, ObjectMapper json, Instant now) throws IOException {
        JsonNode seed = json.readTree(Files.readString(seedJson, StandardCharsets.UTF_8));
        Directory d = new Directory(Duration.ofMillis((long) (seed.path("transitionDelaySeconds").asDouble(3) * 1000)),
                ManagedPolicies.load(json));
        for (JsonNode a : seed.path("accounts")) {
            String id = a.path("id").asText();
            if (!id.matches("\\d{12}")) {
                throw new IOException("Seed: account id must be 12 digits: " + id);
            }
            d.accounts.put(id, new Account(id, a.path("name").asText(id)));
            d.roles.put(id, new LinkedHashMap<>());
            for (JsonNode u : a.path("users")) {
                User user = new User(id, u.path("name").asText(), u.path("accessKeyId").asText(),
                        u.path("secretAccessKey").asText(), u.path("admin").asBoolean(false),
                        "AIDA" + stableId(id + ":user:" + u.path("name").asText()));
                if (!user.accessKeyId().startsWith("AKIA")) {
                    throw new IOException("Seed: long-term access key ids start with AKIA: " + user.accessKeyId());
                }
                d.usersByKey.put(user.accessKeyId(), user);
                d.seedPolicies(user.arn(), u, json);
            }
            for (JsonNode r : a.path("roles")) {
                JsonNode policy = r.path("trustPolicy");
                if (!policy.isObject()) {
                    throw new IOException("Seed: role " + r.path("name").asText() + " needs a trustPolicy object");
                }
                Role role = d.putRole(id, r.path("name").asText(), r.path("path").asText("/"),
                        json.writeValueAsString(policy), policy, r.path("admin").asBoolean(false),
                        r.path("description").asText(null), now, r.path("maxSessionDuration").asInt(3600));
                d.seedPolicies(role.arn(), r, json);
            }
            for (JsonNode p : a.path("oidcProviders")) {
                List<String> clientIds = new ArrayList<>();
                p.path("clientIds").forEach(c -> clientIds.add(c.asText()));
                d.registerOidcProvider(id, p.path("url").asText(), clientIds);
            }
        }
        return d;
    }

    /**
     * A seeded principal's identity policies: {@code "inlinePolicies": {name: document}}, {@code "managedPolicies":
     * [arn]}, and {@code "admin": true} as a shorthand for the AWS managed {@code AdministratorAccess}.
     */
    private void seedPolicies(String principalArn, JsonNode seed, ObjectMapper json) throws IOException {
        Policies p = policiesOf(principalArn);
        var inline = seed.path("inlinePolicies").fields();
        while (inline.hasNext()) {
            var e = inline.next();
            String problem = PolicyEvaluator.validate(e.getValue());
            if (problem != null) {
                throw new IOException("Seed: policy " + e.getKey() + " of " + principalArn + ": " + problem);
            }
            p.inline.put(e.getKey(), e.getValue());
        }
        for (JsonNode arn : seed.path("managedPolicies")) {
            if (managedPolicy(arn.asText()) == null) {
                throw new IOException("Seed: unknown managed policy " + arn.asText() + " for " + principalArn);
            }
            p.attached.add(arn.asText());
        }
        if (seed.path("admin").asBoolean(false)) {
            p.attached.add(ManagedPolicies.ARN_PREFIX + "AdministratorAccess");
        }
    }

    /** The identity policies of a role or user (by IAM ARN); created empty on first use. */
    Policies policiesOf(String principalArn) {
        return policies.computeIfAbsent(principalArn, k -> new Policies());
    }

    /** Every identity policy that applies to a principal, inline first, then attached ones (in attach order). */
    synchronized List<PolicyEvaluator.Policy> identityPolicies(String principalArn) {
        Policies p = policies.get(principalArn);
        List<PolicyEvaluator.Policy> out = new ArrayList<>();
        if (p == null) {
            return out;
        }
        p.inline.forEach((name, doc) -> out.add(new PolicyEvaluator.Policy(name, doc)));
        for (String arn : p.attached) {
            ManagedPolicy m = managedPolicy(arn);
            if (m != null) {
                out.add(new PolicyEvaluator.Policy(arn, m.document()));
            }
        }
        return out;
    }

    /** An AWS managed policy of the catalogue or a customer-managed policy, by ARN; {@code null} if none. */
    ManagedPolicy managedPolicy(String arn) {
        ManagedPolicy aws = awsManaged.byArn(arn);
        return aws != null ? aws : customerPolicies.get(arn);
    }

    synchronized ManagedPolicy createPolicy(String accountId, String name, String path, JsonNode document, Instant now) {
        String arn = "arn:aws:iam::" + accountId + ":policy" + path + name;
        if (customerPolicies.keySet().stream().anyMatch(a -> a.equalsIgnoreCase(arn))) {
            throw new AwsError(409, "EntityAlreadyExists", "A policy called " + name + " already exists. Duplicate names are not allowed.");
        }
        ManagedPolicy p = new ManagedPolicy(arn, name, path, "ANPA" + stableId(arn + now.toEpochMilli()), document, now);
        customerPolicies.put(arn, p);
        return p;
    }

    synchronized boolean deletePolicy(String arn) {
        if (!customerPolicies.containsKey(arn)) {
            return false;
        }
        if (policies.values().stream().anyMatch(p -> p.attached.contains(arn))) {
            throw new AwsError(409, "DeleteConflict", "Cannot delete a policy attached to entities.");
        }
        customerPolicies.remove(arn);
        return true;
    }

    boolean accountExists(String id) {
        return accounts.containsKey(id);
    }

    List<Account> accounts() {
        return List.copyOf(accounts.values());
    }

    User userByKey(String accessKeyId) {
        return usersByKey.get(accessKeyId);
    }

    boolean userExists(String accountId, String name) {
        return usersByKey.values().stream().anyMatch(u -> u.accountId().equals(accountId) && u.name().equals(name));
    }

    Session session(String accessKeyId) {
        return sessions.get(accessKeyId);
    }

    synchronized Role role(String accountId, String name) {
        Map<String, Role> byName = roles.get(accountId);
        return byName == null ? null : byName.get(name);
    }

    /** The role an ARN names, or {@code null} (also when the path does not match). */
    synchronized Role roleByArn(String arn) {
        Matcher m = ROLE_ARN.matcher(arn == null ? "" : arn);
        if (!m.matches()) {
            return null;
        }
        Role r = role(m.group(1), m.group(3));
        return r != null && r.arn().equals(arn) ? r : null;
    }

    synchronized List<Role> roles(String accountId) {
        return new ArrayList<>(roles.getOrDefault(accountId, Map.of()).values());
    }

    synchronized Role putRole(String accountId, String name, String path, String policyText, JsonNode policy,
            boolean admin, String description, Instant now, int maxSessionDuration) {
        if (maxSessionDuration < 3600 || maxSessionDuration > 43200) {
            throw new AwsError(400, "ValidationError", "1 validation error detected: Value '" + maxSessionDuration
                    + "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value "
                    + (maxSessionDuration < 3600 ? "greater than or equal to 3600" : "less than or equal to 43200"));
        }
        Map<String, Role> byName = roles.computeIfAbsent(accountId, k -> new LinkedHashMap<>());
        if (byName.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
            throw new AwsError(409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
        }
        Role role = new Role(accountId, name, path, "AROA" + stableId(accountId + ":role:" + name + ":" + now.toEpochMilli()),
                policyText, policy, admin, description, now, maxSessionDuration);
        byName.put(name, role);
        policies.remove(role.arn());
        return role;
    }

    /** Replaces a role's trust policy (IAM UpdateAssumeRolePolicy); {@code null} when there is no such role. */
    synchronized Role replaceTrust(String accountId, String name, String policyText, JsonNode policy) {
        Map<String, Role> byName = roles.get(accountId);
        Role old = byName == null ? null : byName.get(name);
        if (old == null) {
            return null;
        }
        Role role = new Role(accountId, name, old.path(), old.roleId(), policyText, policy, old.admin(),
                old.description(), old.createDate(), old.maxSessionDuration());
        byName.put(name, role);
        return role;
    }

    /** Deletes a role; like IAM, refused ({@code DeleteConflict}) while it still has policies. */
    synchronized boolean deleteRole(String accountId, String name) {
        Map<String, Role> byName = roles.get(accountId);
        Role role = byName == null ? null : byName.get(name);
        if (role == null) {
            return false;
        }
        Policies p = policies.get(role.arn());
        if (p != null && !p.attached.isEmpty()) {
            throw new AwsError(409, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
        }
        if (p != null && !p.inline.isEmpty()) {
            throw new AwsError(409, "DeleteConflict", "Cannot delete entity, must delete policies first.");
        }
        byName.remove(name);
        policies.remove(role.arn());
        return true;
    }

    Session issueSession(Role role, String sessionName, Duration duration, String sourceIdentity,
            Map<String, String> tags, Instant now) {
        Duration cap = maxIssuedSessionLifetime;
        Duration lifetime = cap != null && cap.compareTo(duration) < 0 ? cap : duration;
        Session s = new Session("ASIA" + random(16), random(40), "FwoG" + random(180),
                now.plus(lifetime), role, sessionName, sourceIdentity, tags);
        sessions.put(s.accessKeyId(), s);
        return s;
    }

    void setMaxIssuedSessionLifetime(Duration cap) {
        this.maxIssuedSessionLifetime = cap;
    }

    /** Registers (or replaces, by URL) an OIDC provider of an account. */
    void registerOidcProvider(String accountId, String url, List<String> clientIds) {
        if (!accountExists(accountId)) {
            throw new IllegalArgumentException("Unknown account " + accountId);
        }
        OidcProvider p = new OidcProvider(accountId, url, List.copyOf(clientIds));
        oidcProviders.compute(accountId, (k, old) -> {
            List<OidcProvider> list = new ArrayList<>(old == null ? List.of() : old);
            list.removeIf(o -> o.hostPath().equals(p.hostPath()));
            list.add(p);
            return List.copyOf(list);
        });
    }

    /** The provider of {@code accountId} whose URL equals the token issuer {@code iss}, or {@code null}. */
    OidcProvider oidcProvider(String accountId, String iss) {
        String hostPath = new OidcProvider(accountId, iss == null ? "" : iss, List.of()).hostPath();
        return oidcProviders.getOrDefault(accountId, List.of()).stream()
                .filter(p -> p.hostPath().equals(hostPath) && iss.startsWith(p.url().replaceAll("/$", "")))
                .findFirst().orElse(null);
    }

    /** Removes the account's OIDC provider with this ARN; false when it has none. */
    boolean removeOidcProvider(String accountId, String arn) {
        boolean[] removed = {false};
        oidcProviders.computeIfPresent(accountId, (k, old) -> {
            List<OidcProvider> list = new ArrayList<>(old);
            removed[0] = list.removeIf(o -> o.arn().equals(arn));
            return List.copyOf(list);
        });
        return removed[0];
    }

    List<OidcProvider> oidcProviders(String accountId) {
        return oidcProviders.getOrDefault(accountId, List.of());
    }

    static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    /** A 17-character id derived from a name, so seeded principals keep their ids across restarts. */
    static String stableId(String name) {
        byte[] h = SigV4.sha256(name.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            sb.append(ALNUM.charAt((h[i] & 0xff) % ALNUM.length()));
        }
        return sb.toString();
    }
}
