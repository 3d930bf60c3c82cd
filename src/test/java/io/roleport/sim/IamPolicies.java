package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM policy operations of {@link IamApi}: a role's inline and attached policies, customer-managed policies and
 * {@code SimulatePrincipalPolicy}. Answers and errors as IAM gives them (Query XML, {@code NoSuchEntity} 404,
 * {@code MalformedPolicyDocument} 400, {@code LimitExceeded} past 10 attached policies).
 */
final class IamPolicies {

    private static final Pattern PRINCIPAL = Pattern.compile("arn:aws:iam::(\\d{12}):(role|user)(/(?:[\\x21-\\x7E]*/)?)?([\\w+=,.@-]{1,64})");
    private static final int MAX_ATTACHED = 10;

    private IamPolicies() {
    }

    static SimResponse roleAction(IamApi iam, String action, Request req, Caller caller) {
        String name = req.required("RoleName");
        Directory.Role found = iam.directory().role(caller.accountId(), name);
        String roleArn = found != null ? found.arn() : "arn:aws:iam::" + caller.accountId() + ":role/" + name;
        String policyArn = req.param("PolicyArn");
        PolicyEvaluator.Context context = new PolicyEvaluator.Context().put("iam:PolicyARN", policyArn);
        iam.require(caller, action, roleArn, context);
        Directory.Role role = iam.existingRole(caller, name);
        Directory.Policies policies = iam.directory().policiesOf(role.arn());
        Xml x = new Xml().openNs(action + "Response", IamApi.NS);
        switch (action) {
            case "PutRolePolicy" -> {
                String policyName = req.required("PolicyName");
                JsonNode doc = parse(iam, req.required("PolicyDocument"));
                synchronized (iam.directory()) {
                    policies.inline.put(policyName, doc);
                }
            }
            case "GetRolePolicy" -> {
                String policyName = req.required("PolicyName");
                JsonNode doc = policies.inline.get(policyName);
                if (doc == null) {
                    throw new AwsError(404, "NoSuchEntity", "The role policy with name " + policyName + " cannot be found.");
                }
                x.open("GetRolePolicyResult").el("RoleName", role.name()).el("PolicyName", policyName)
                        .el("PolicyDocument", URLEncoder.encode(doc.toString(), StandardCharsets.UTF_8).replace("+", "%20"))
                        .close("GetRolePolicyResult");
            }
            case "DeleteRolePolicy" -> {
                String policyName = req.required("PolicyName");
                synchronized (iam.directory()) {
                    if (policies.inline.remove(policyName) == null) {
                        throw new AwsError(404, "NoSuchEntity", "The role policy with name " + policyName + " cannot be found.");
                    }
                }
            }
            case "ListRolePolicies" -> {
                x.open("ListRolePoliciesResult").open("PolicyNames");
                policies.inline.keySet().forEach(n -> x.el("member", n));
                x.close("PolicyNames").el("IsTruncated", "false").close("ListRolePoliciesResult");
            }
            case "AttachRolePolicy" -> {
                String arn = req.required("PolicyArn");
                if (iam.directory().managedPolicy(arn) == null) {
                    throw new AwsError(404, "NoSuchEntity", "Policy " + arn + " does not exist or is not attachable.");
                }
                synchronized (iam.directory()) {
                    if (!policies.attached.contains(arn) && policies.attached.size() >= MAX_ATTACHED) {
                        throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: " + MAX_ATTACHED);
                    }
                    policies.attached.add(arn);
                }
            }
            case "DetachRolePolicy" -> {
                String arn = req.required("PolicyArn");
                synchronized (iam.directory()) {
                    if (!policies.attached.remove(arn)) {
                        throw new AwsError(404, "NoSuchEntity", "Policy " + arn + " was not found.");
                    }
                }
            }
            case "ListAttachedRolePolicies" -> {
                x.open("ListAttachedRolePoliciesResult").open("AttachedPolicies");
                for (String arn : List.copyOf(policies.attached)) {
                    Directory.ManagedPolicy m = iam.directory().managedPolicy(arn);
                    x.open("member").el("PolicyName", m == null ? arn.substring(arn.lastIndexOf('/') + 1) : m.name())
                            .el("PolicyArn", arn).close("member");
                }
                x.close("AttachedPolicies").el("IsTruncated", "false").close("ListAttachedRolePoliciesResult");
            }
            default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action);
        }
        return SimResponse.xml(200, StsApi.metadata(x).close(action + "Response").toString());
    }

    static SimResponse managedAction(IamApi iam, String action, Request req, Caller caller) {
        Xml x = new Xml().openNs(action + "Response", IamApi.NS);
        if (action.equals("CreatePolicy")) {
            String name = req.required("PolicyName");
            String path = req.param("Path") == null ? "/" : req.param("Path");
            if (!name.matches("[\\w+=,.@-]{1,128}")) {
                throw new AwsError(400, "ValidationError", "The specified value for policyName is invalid.");
            }
            iam.require(caller, action, "arn:aws:iam::" + caller.accountId() + ":policy" + path + name, new PolicyEvaluator.Context());
            JsonNode doc = parse(iam, req.required("PolicyDocument"));
            Directory.ManagedPolicy p = iam.directory().createPolicy(caller.accountId(), name, path, doc,
                    iam.clock().instant().truncatedTo(ChronoUnit.SECONDS));
            x.open("CreatePolicyResult").open("Policy").el("PolicyName", p.name()).el("PolicyId", p.policyId())
                    .el("Arn", p.arn()).el("Path", p.path()).el("DefaultVersionId", "v1").el("AttachmentCount", 0)
                    .el("IsAttachable", "true").el("CreateDate", p.createDate().toString())
                    .el("UpdateDate", p.createDate().toString()).close("Policy").close("CreatePolicyResult");
        } else {
            String arn = req.required("PolicyArn");
            iam.require(caller, action, arn, new PolicyEvaluator.Context());
            if (!iam.directory().deletePolicy(arn)) {
                throw new AwsError(404, "NoSuchEntity", "Policy " + arn + " was not found.");
            }
        }
        return SimResponse.xml(200, StsApi.metadata(x).close(action + "Response").toString());
    }

    /**
     * {@code SimulatePrincipalPolicy}: each action on each resource ({@code *} by default) against the identity
     * policies of {@code PolicySourceArn} (a role or user of the caller's account), with the {@code ContextEntries}
     * given; nothing of the caller's own session is used, as in IAM.
     */
    static SimResponse simulate(IamApi iam, Request req, Caller caller) {
        String source = req.required("PolicySourceArn");
        iam.require(caller, "SimulatePrincipalPolicy", source, new PolicyEvaluator.Context());
        Matcher m = PRINCIPAL.matcher(source);
        boolean exists = m.matches() && (m.group(2).equals("role")
                ? iam.directory().roleByArn(source) != null
                : iam.directory().userExists(m.group(1), m.group(4)));
        if (!exists) {
            throw new AwsError(404, "NoSuchEntity", "The principal " + source + " cannot be found.");
        }
        List<String> actions = members(req, "ActionNames.member.");
        if (actions.isEmpty()) {
            throw new AwsError(400, "ValidationError", "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
        }
        List<String> resources = members(req, "ResourceArns.member.");
        if (resources.isEmpty()) {
            resources = List.of("*");
        }
        PolicyEvaluator.Context context = new PolicyEvaluator.Context();
        for (int i = 1; req.param("ContextEntries.member." + i + ".ContextKeyName") != null; i++) {
            String key = req.param("ContextEntries.member." + i + ".ContextKeyName");
            List<String> values = members(req, "ContextEntries.member." + i + ".ContextKeyValues.member.");
            context.putAll(key, values);
        }
        List<PolicyEvaluator.Policy> policies = iam.directory().identityPolicies(source);
        Xml x = new Xml().openNs("SimulatePrincipalPolicyResponse", IamApi.NS).open("SimulatePrincipalPolicyResult")
                .open("EvaluationResults");
        for (String action : actions) {
            for (String resource : resources) {
                PolicyEvaluator.Result r = PolicyEvaluator.evaluate(policies, action, resource, context);
                x.open("member").el("EvalActionName", action).el("EvalResourceName", resource)
                        .el("EvalDecision", r.decision().wire).open("MatchedStatements");
                if (r.matchedPolicy() != null) {
                    x.open("member").el("SourcePolicyId", r.matchedPolicy())
                            .el("SourcePolicyType", "IAM Policy")
                            .close("member");
                }
                x.close("MatchedStatements").open("MissingContextValues").close("MissingContextValues")
                        .close("member");
            }
        }
        x.close("EvaluationResults").el("IsTruncated", "false").close("SimulatePrincipalPolicyResult");
        return SimResponse.xml(200, StsApi.metadata(x).close("SimulatePrincipalPolicyResponse").toString());
    }

    private static List<String> members(Request req, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; req.param(prefix + i) != null; i++) {
            out.add(req.param(prefix + i));
        }
        return out;
    }

    private static JsonNode parse(IamApi iam, String text) {
        JsonNode doc;
        try {
            doc = iam.json().readTree(text);
        } catch (Exception e) {
            throw new AwsError(400, "MalformedPolicyDocument", "This policy contains invalid Json");
        }
        String problem = PolicyEvaluator.validate(doc);
        if (problem != null) {
            throw new AwsError(400, "MalformedPolicyDocument", problem);
        }
        return doc;
    }
}
