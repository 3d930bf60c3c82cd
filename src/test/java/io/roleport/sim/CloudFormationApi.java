package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Simulated AWS CloudFormation (Query protocol, namespace 2010-05-15), enough to deploy Roleport's onboarding
 * templates exactly as the page shows them: {@code CreateStack}, {@code DescribeStacks}, {@code DeleteStack} for the
 * resource types {@code AWS::IAM::Role} (trust policy, inline {@code Policies}, {@code ManagedPolicyArns}),
 * {@code AWS::IAM::ManagedPolicy} and {@code AWS::IAM::OIDCProvider}, with {@code !Ref}, {@code !GetAtt},
 * {@code !Sub} (and their {@code Fn::} forms) and {@code Outputs}. Named IAM resources need
 * {@code CAPABILITY_NAMED_IAM} ({@code InsufficientCapabilitiesException}). Like CloudFormation without a service
 * role, the stack acts with the caller's permissions: each IAM write is authorized as the caller
 * ({@link Authorizer}). A stack is created at once: {@code CREATE_COMPLETE}, or {@code ROLLBACK_COMPLETE} with the
 * failing resource's reason after what it created was removed again.
 */
final class CloudFormationApi {

    static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!]+)}");

    private final Directory directory;
    private final Clock clock;
    private final ObjectMapper json;
    private final Authorizer authz;
    /** account -> stack name -> stack (the latest of that name). */
    private final Map<String, Map<String, Stack>> stacks = new LinkedHashMap<>();

    private static final class Stack {
        String id;
        String name;
        String status;
        String reason;
        Instant createdAt;
        final Map<String, String> outputs = new LinkedHashMap<>();
        /** What it created, to delete in reverse: "role:NAME" or "oidc:ARN" or "policy:ARN". */
        final List<String> created = new ArrayList<>();
    }

    CloudFormationApi(Directory directory, Clock clock, ObjectMapper json, Authorizer authz) {
        this.directory = directory;
        this.clock = clock;
        this.json = json;
        this.authz = authz;
    }

    synchronized SimResponse handle(String action, Request req, Caller caller) {
        Map<String, Stack> own = stacks.computeIfAbsent(caller.accountId(), k -> new LinkedHashMap<>());
        Xml x = new Xml().openNs(action + "Response", NS);
        switch (action) {
            case "CreateStack" -> {
                String name = req.required("StackName");
                if (!name.matches("[A-Za-z][A-Za-z0-9-]{0,127}")) {
                    throw AwsError.validation("1 validation error detected: Value '" + name
                            + "' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
                }
                String arn = "arn:aws:cloudformation:" + req.region() + ":" + caller.accountId() + ":stack/" + name + "/"
                        + UUID.randomUUID();
                authz.require(caller, "cloudformation", req.region(), "cloudformation:CreateStack", arn);
                Stack existing = own.get(name);
                if (existing != null && !existing.status.equals("DELETE_COMPLETE")) {
                    throw new AwsError(400, "AlreadyExistsException", "Stack [" + name + "] already exists");
                }
                Map<String, Object> template = parse(req.required("TemplateBody"));
                List<String> capabilities = new ArrayList<>();
                for (int i = 1; req.param("Capabilities.member." + i) != null; i++) {
                    capabilities.add(req.param("Capabilities.member." + i));
                }
                requireCapabilities(template, capabilities);
                Stack stack = new Stack();
                stack.id = arn;
                stack.name = name;
                stack.createdAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                try {
                    create(stack, template, caller, req.region());
                    stack.status = "CREATE_COMPLETE";
                } catch (AwsError e) {
                    rollback(stack, caller);
                    stack.status = "ROLLBACK_COMPLETE";
                    stack.reason = "The following resource(s) failed to create: " + e.getMessage();
                }
                own.put(name, stack);
                x.open("CreateStackResult").el("StackId", stack.id).close("CreateStackResult");
            }
            case "DescribeStacks" -> {
                String name = req.param("StackName");
                List<Stack> found = new ArrayList<>();
                for (Stack s : own.values()) {
                    if (name == null ? !s.status.equals("DELETE_COMPLETE") : s.name.equals(name) || s.id.equals(name)) {
                        found.add(s);
                    }
                }
                if (name != null && (found.isEmpty() || (found.get(0).status.equals("DELETE_COMPLETE") && !found.get(0).id.equals(name)))) {
                    throw AwsError.validation("Stack with id " + name + " does not exist");
                }
                x.open("DescribeStacksResult").open("Stacks");
                for (Stack s : found) {
                    x.open("member").el("StackId", s.id).el("StackName", s.name).el("CreationTime", s.createdAt.toString())
                            .el("StackStatus", s.status).el("StackStatusReason", s.reason).open("Outputs");
                    s.outputs.forEach((k, v) -> x.open("member").el("OutputKey", k).el("OutputValue", v).close("member"));
                    x.close("Outputs").close("member");
                }
                x.close("Stacks").close("DescribeStacksResult");
            }
            case "DeleteStack" -> {
                String name = req.required("StackName");
                Stack s = own.get(name);
                if (s != null && !s.status.equals("DELETE_COMPLETE")) {
                    authz.require(caller, "cloudformation", req.region(), "cloudformation:DeleteStack", s.id);
                    rollback(s, caller);
                    s.status = "DELETE_COMPLETE";
                }
            }
            default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version 2010-05-15");
        }
        return SimResponse.xml(200, StsApi.metadata(x).close(action + "Response").toString());
    }

    // ------------------------------------------------------------------------------------------- template

    /** Reads YAML (or JSON) with CloudFormation's short-form tags turned into their {@code Fn::} forms. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String body) {
        try {
            Object doc = new Yaml(new CfnConstructor()).load(body);
            if (!(doc instanceof Map)) {
                throw AwsError.validation("Template format error: not a template");
            }
            Map<String, Object> template = (Map<String, Object>) doc;
            if (!(template.get("Resources") instanceof Map)) {
                throw AwsError.validation("Template format error: At least one Resources member must be defined.");
            }
            return template;
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw AwsError.validation("Template format error: YAML not well-formed. " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor() {
            super(new LoaderOptions());
            for (String fn : List.of("Ref", "GetAtt", "Sub", "Join", "Select", "GetAZs", "If", "Equals")) {
                this.yamlConstructors.put(new Tag("!" + fn), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        String key = fn.equals("Ref") ? "Ref" : "Fn::" + fn;
                        Object value;
                        if (node instanceof ScalarNode scalar) {
                            value = fn.equals("GetAtt") ? List.of(scalar.getValue().split("\\.", 2)) : scalar.getValue();
                        } else if (node instanceof SequenceNode seq) {
                            value = constructSequence(seq);
                        } else {
                            value = constructMapping((org.yaml.snakeyaml.nodes.MappingNode) node);
                        }
                        return Map.of(key, value);
                    }
                });
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void requireCapabilities(Map<String, Object> template, List<String> capabilities) {
        boolean iam = false;
        boolean named = false;
        for (Object r : ((Map<String, Object>) template.get("Resources")).values()) {
            Map<String, Object> res = (Map<String, Object>) r;
            String type = String.valueOf(res.get("Type"));
            Map<String, Object> props = res.get("Properties") instanceof Map ? (Map<String, Object>) res.get("Properties") : Map.of();
            if (type.startsWith("AWS::IAM::") && !type.equals("AWS::IAM::OIDCProvider")) {
                iam = true;
                named |= props.containsKey("RoleName") || props.containsKey("ManagedPolicyName");
            }
        }
        if (named && !capabilities.contains("CAPABILITY_NAMED_IAM")) {
            throw new AwsError(400, "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]");
        }
        if (iam && !capabilities.contains("CAPABILITY_IAM") && !capabilities.contains("CAPABILITY_NAMED_IAM")) {
            throw new AwsError(400, "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]");
        }
    }

    /** Creates the resources: OIDC providers, then managed policies, then roles (the order the references need). */
    @SuppressWarnings("unchecked")
    private void create(Stack stack, Map<String, Object> template, Caller caller, String region) {
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        Map<String, String> refs = new LinkedHashMap<>();
        Map<String, String> arns = new LinkedHashMap<>();
        String account = caller.accountId();
        for (String type : List.of("AWS::IAM::OIDCProvider", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role")) {
            for (var e : resources.entrySet()) {
                Map<String, Object> res = (Map<String, Object>) e.getValue();
                if (!type.equals(res.get("Type"))) {
                    continue;
                }
                String logical = e.getKey();
                Map<String, Object> props = (Map<String, Object>) resolve(res.getOrDefault("Properties", Map.of()), refs, arns, account, region);
                try {
                    switch (type) {
                        case "AWS::IAM::OIDCProvider" -> {
                            String url = String.valueOf(props.get("Url"));
                            List<String> clientIds = ((List<Object>) props.getOrDefault("ClientIdList", List.of())).stream().map(String::valueOf).toList();
                            Directory.OidcProvider p = new Directory.OidcProvider(account, url, clientIds);
                            authz.require(caller, "iam", region, "iam:CreateOpenIDConnectProvider", p.arn());
                            if (directory.oidcProviders(account).stream().anyMatch(o -> o.hostPath().equals(p.hostPath()))) {
                                throw new AwsError(409, "EntityAlreadyExists", "Provider with url " + url + " already exists.");
                            }
                            directory.registerOidcProvider(account, url, clientIds);
                            stack.created.add("oidc:" + p.arn());
                            refs.put(logical, p.arn());
                            arns.put(logical, p.arn());
                        }
                        case "AWS::IAM::ManagedPolicy" -> {
                            String name = props.containsKey("ManagedPolicyName") ? String.valueOf(props.get("ManagedPolicyName"))
                                    : stack.name + "-" + logical + "-" + Directory.random(12);
                            String path = String.valueOf(props.getOrDefault("Path", "/"));
                            JsonNode doc = policy(props.get("PolicyDocument"), logical);
                            authz.require(caller, "iam", region, "iam:CreatePolicy", "arn:aws:iam::" + account + ":policy" + path + name);
                            Directory.ManagedPolicy p = directory.createPolicy(account, name, path, doc, clock.instant());
                            stack.created.add("policy:" + p.arn());
                            refs.put(logical, p.arn());
                            for (Object role : (List<Object>) props.getOrDefault("Roles", List.of())) {
                                Directory.Role r = directory.role(account, String.valueOf(role));
                                if (r == null) {
                                    throw new AwsError(404, "NoSuchEntity", "The role with name " + role + " cannot be found.");
                                }
                                attach(caller, region, r, p.arn());
                            }
                        }
                        default -> createRole(stack, logical, props, caller, region, refs, arns);
                    }
                } catch (AwsError failure) {
                    throw new AwsError(failure.status, failure.code, "[" + logical + "]. " + logical
                            + " (" + type + "): " + failure.getMessage() + " (Service: Iam, Status Code: " + failure.status
                            + ", Error Code: " + failure.code + ")");
                }
            }
        }
        for (var e : resources.entrySet()) {
            String type = String.valueOf(((Map<String, Object>) e.getValue()).get("Type"));
            if (!List.of("AWS::IAM::OIDCProvider", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role").contains(type)) {
                throw new AwsError(400, "ValidationError", "[" + e.getKey() + "]. The simulator does not create " + type);
            }
        }
        Object outputs = template.get("Outputs");
        if (outputs instanceof Map<?, ?> out) {
            for (var o : out.entrySet()) {
                Object value = ((Map<String, Object>) o.getValue()).get("Value");
                stack.outputs.put(String.valueOf(o.getKey()), String.valueOf(resolve(value, refs, arns, account, region)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void createRole(Stack stack, String logical, Map<String, Object> props, Caller caller, String region,
            Map<String, String> refs, Map<String, String> arns) {
        String account = caller.accountId();
        String name = props.containsKey("RoleName") ? String.valueOf(props.get("RoleName"))
                : (stack.name + "-" + logical + "-" + Directory.random(12));
        String path = String.valueOf(props.getOrDefault("Path", "/"));
        String roleArn = "arn:aws:iam::" + account + ":role" + path + name;
        authz.require(caller, "iam", region, "iam:CreateRole", roleArn);
        JsonNode trust = json.valueToTree(props.get("AssumeRolePolicyDocument"));
        String problem = TrustPolicy.validate(trust);
        if (problem != null) {
            throw new AwsError(400, "MalformedPolicyDocument", problem);
        }
        int maxSession = props.containsKey("MaxSessionDuration") ? Integer.parseInt(String.valueOf(props.get("MaxSessionDuration"))) : 3600;
        Directory.Role role = directory.putRole(account, name, path, trust.toString(), trust, false,
                props.get("Description") == null ? null : String.valueOf(props.get("Description")),
                clock.instant().truncatedTo(ChronoUnit.SECONDS), maxSession);
        stack.created.add("role:" + name);
        refs.put(logical, name);
        arns.put(logical, role.arn());
        for (Object p : (List<Object>) props.getOrDefault("Policies", List.of())) {
            Map<String, Object> policy = (Map<String, Object>) p;
            authz.require(caller, "iam", region, "iam:PutRolePolicy", role.arn());
            JsonNode doc = policy(policy.get("PolicyDocument"), logical);
            synchronized (directory) {
                directory.policiesOf(role.arn()).inline.put(String.valueOf(policy.get("PolicyName")), doc);
            }
        }
        for (Object arn : (List<Object>) props.getOrDefault("ManagedPolicyArns", List.of())) {
            if (directory.managedPolicy(String.valueOf(arn)) == null) {
                throw new AwsError(404, "NoSuchEntity", "Policy " + arn + " does not exist or is not attachable.");
            }
            attach(caller, region, role, String.valueOf(arn));
        }
    }

    private void attach(Caller caller, String region, Directory.Role role, String policyArn) {
        authz.require(caller, "iam", region, "iam:AttachRolePolicy", role.arn(),
                new PolicyEvaluator.Context().put("iam:PolicyARN", policyArn));
        synchronized (directory) {
            directory.policiesOf(role.arn()).attached.add(policyArn);
        }
    }

    private JsonNode policy(Object document, String logical) {
        JsonNode doc = document instanceof String s ? readJson(s) : json.valueToTree(document);
        String problem = PolicyEvaluator.validate(doc);
        if (problem != null) {
            throw new AwsError(400, "MalformedPolicyDocument", problem);
        }
        return doc;
    }

    private JsonNode readJson(String s) {
        try {
            return json.readTree(s);
        } catch (Exception e) {
            throw new AwsError(400, "MalformedPolicyDocument", "This policy contains invalid Json");
        }
    }

    /** Deletes what a stack created, last first (policies of a role before the role). */
    private void rollback(Stack stack, Caller caller) {
        for (int i = stack.created.size() - 1; i >= 0; i--) {
            String item = stack.created.get(i);
            String value = item.substring(item.indexOf(':') + 1);
            switch (item.substring(0, item.indexOf(':'))) {
                case "role" -> {
                    Directory.Role role = directory.role(caller.accountId(), value);
                    if (role != null) {
                        synchronized (directory) {
                            Directory.Policies p = directory.policiesOf(role.arn());
                            p.inline.clear();
                            p.attached.clear();
                        }
                        directory.deleteRole(caller.accountId(), value);
                    }
                }
                case "oidc" -> directory.removeOidcProvider(caller.accountId(), value);
                default -> {
                    try {
                        directory.deletePolicy(value);
                    } catch (AwsError attached) {
                        // still attached to a role outside the stack: left, as CloudFormation would fail the delete
                    }
                }
            }
        }
        stack.created.clear();
    }

    /** Resolves {@code Ref}, {@code Fn::GetAtt} (Arn) and {@code Fn::Sub} throughout a value. */
    @SuppressWarnings("unchecked")
    private static Object resolve(Object value, Map<String, String> refs, Map<String, String> arns, String account, String region) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Ref")) {
                String ref = String.valueOf(map.get("Ref"));
                String v = pseudo(ref, account, region);
                if (v == null) {
                    v = refs.get(ref);
                }
                if (v == null) {
                    throw AwsError.validation("Template format error: Unresolved resource dependencies [" + ref + "] in the Resources block of the template");
                }
                return v;
            }
            if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
                Object arg = map.get("Fn::GetAtt");
                List<Object> parts = arg instanceof List ? (List<Object>) arg : List.of(String.valueOf(arg).split("\\.", 2));
                String v = "Arn".equals(String.valueOf(parts.get(1))) ? arns.get(String.valueOf(parts.get(0))) : null;
                if (v == null) {
                    throw AwsError.validation("Template error: resource " + parts.get(0) + " does not support attribute " + parts.get(1));
                }
                return v;
            }
            if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                Object arg = map.get("Fn::Sub");
                String text = arg instanceof List ? String.valueOf(((List<Object>) arg).get(0)) : String.valueOf(arg);
                Matcher m = SUB.matcher(text);
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    String name = m.group(1);
                    String v = pseudo(name, account, region);
                    if (v == null && name.endsWith(".Arn")) {
                        v = arns.get(name.substring(0, name.length() - 4));
                    } else if (v == null) {
                        v = refs.get(name);
                    }
                    if (v == null) {
                        throw AwsError.validation("Template error: variable " + name + " in Fn::Sub expression does not resolve to a string");
                    }
                    m.appendReplacement(out, Matcher.quoteReplacement(v));
                }
                m.appendTail(out);
                return out.toString();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, refs, arns, account, region)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(resolve(v, refs, arns, account, region)));
            return out;
        }
        return value;
    }

    private static String pseudo(String name, String account, String region) {
        return switch (name) {
            case "AWS::AccountId" -> account;
            case "AWS::Region" -> region;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            default -> null;
        };
    }
}
