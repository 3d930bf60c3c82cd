package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates a role's trust policy (a real IAM JSON policy document) for one STS action, the way IAM does for
 * what Roleport relies on: {@code Effect} (an explicit Deny wins), {@code Action} (string or list, wildcards),
 * {@code Principal} ({@code "*"}, {@code {"AWS": arn | [arns] | "arn:aws:iam::ACCT:root" | "ACCT"}} or, for web
 * identities, {@code {"Federated": oidc-provider ARN}}) and
 * {@code Condition} blocks evaluated by {@link PolicyEvaluator} (the same operators as identity policies); a key
 * missing from the request fails a positive operator. Unknown operators fail closed.
 */
final class TrustPolicy {

    private TrustPolicy() {
    }

    /**
     * @param policy  the parsed trust policy
     * @param action  e.g. {@code sts:AssumeRole}
     * @param caller  who asks
     * @param context condition keys of the request (e.g. {@code sts:ExternalId}); keys are matched case-insensitively
     */
    static boolean allows(JsonNode policy, String action, Caller caller, Map<String, String> context) {
        return evaluate(policy, action, caller, null, context, false);
    }

    /**
     * As {@link #allows}, counting only statements that name the caller itself (its user or role ARN), not its
     * account ({@code ACCT}, {@code :root}) nor {@code "*"}: in the same account, such a trust policy alone lets the
     * caller assume the role; one that trusts the account delegates to the caller's identity policies, which must
     * then allow {@code sts:AssumeRole} too (IAM's rule for role trust policies).
     */
    static boolean namesCaller(JsonNode policy, String action, Caller caller, Map<String, String> context) {
        return evaluate(policy, action, caller, null, context, true);
    }

    /**
     * As {@link #allows} for a web-identity caller: only statements whose {@code Principal.Federated} names
     * {@code providerArn} (or {@code "*"}) match.
     */
    static boolean allowsFederated(JsonNode policy, String action, String providerArn, Map<String, String> context) {
        return evaluate(policy, action, null, providerArn, context, false);
    }

    private static boolean evaluate(JsonNode policy, String action, Caller caller, String federated, Map<String, String> context,
            boolean onlyNamingCaller) {
        boolean allowed = false;
        for (JsonNode st : asList(policy.path("Statement"))) {
            boolean principal = federated != null ? matchesFederated(st.path("Principal"), federated)
                    : matchesPrincipal(st.path("Principal"), caller, onlyNamingCaller);
            if (!matchesAction(st, action) || !principal
                    || !conditionsHold(st.path("Condition"), context)) {
                continue;
            }
            String effect = st.path("Effect").asText();
            if ("Deny".equals(effect)) {
                return false;
            }
            if ("Allow".equals(effect)) {
                allowed = true;
            }
        }
        return allowed;
    }

    /** Structural validation used by IAM CreateRole; answers an error message or {@code null} when fine. */
    static String validate(JsonNode policy) {
        if (policy == null || !policy.isObject()) {
            return "Syntax errors in policy.";
        }
        JsonNode statements = policy.get("Statement");
        if (statements == null || statements.isNull() || (statements.isArray() && statements.isEmpty())) {
            return "Missing required field Statement";
        }
        for (JsonNode st : asList(statements)) {
            String effect = st.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                return "Invalid effect: " + effect;
            }
            if (!st.has("Action") && !st.has("NotAction")) {
                return "Missing required field Action";
            }
            if (!st.has("Principal")) {
                return "Missing required field Principal";
            }
        }
        return null;
    }

    static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    private static boolean matchesAction(JsonNode st, String action) {
        if (st.has("NotAction")) {
            return asList(st.get("NotAction")).stream().noneMatch(a -> glob(a.asText(), action, true));
        }
        return asList(st.path("Action")).stream().anyMatch(a -> glob(a.asText(), action, true));
    }

    private static boolean matchesFederated(JsonNode principal, String providerArn) {
        if (principal.isTextual()) {
            return "*".equals(principal.asText());
        }
        return asList(principal.path("Federated")).stream().anyMatch(p -> p.asText().equals(providerArn));
    }

    private static boolean matchesPrincipal(JsonNode principal, Caller caller, boolean onlyNamingCaller) {
        if (principal.isTextual()) {
            return !onlyNamingCaller && "*".equals(principal.asText());
        }
        for (JsonNode p : asList(principal.path("AWS"))) {
            String v = p.asText();
            boolean broad = v.equals("*")
                    || v.equals(caller.accountId())
                    || v.equals("arn:aws:iam::" + caller.accountId() + ":root");
            if ((broad && !onlyNamingCaller)
                    || v.equals(caller.principalArnForPolicies())
                    || (caller.roleArn() != null && v.equals(withoutPath(caller.roleArn())))) {
                return true;
            }
        }
        return false;
    }

    private static String withoutPath(String roleArn) {
        int role = roleArn.indexOf(":role/");
        return roleArn.substring(0, role + 6) + roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    /** The condition block, evaluated by the same engine as identity policies ({@link PolicyEvaluator}). */
    private static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
        PolicyEvaluator.Context c = new PolicyEvaluator.Context();
        context.forEach(c::put);
        return PolicyEvaluator.conditionsHold(condition, c);
    }

    /** Whether the trust policy lets an AWS service ({@code eks.amazonaws.com}) assume the role. */
    static boolean trustsService(JsonNode policy, String service) {
        boolean allowed = false;
        for (JsonNode st : asList(policy.path("Statement"))) {
            boolean principal = asList(st.path("Principal").path("Service")).stream().anyMatch(p -> p.asText().equals(service));
            if (!principal || !matchesAction(st, "sts:AssumeRole")) {
                continue;
            }
            if ("Deny".equals(st.path("Effect").asText())) {
                return false;
            }
            allowed |= "Allow".equals(st.path("Effect").asText());
        }
        return allowed;
    }

    /** IAM wildcards: {@code *} any run, {@code ?} one character. */
    static boolean glob(String pattern, String value, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = ignoreCase ? Pattern.CASE_INSENSITIVE : 0;
        return Pattern.compile(re.toString(), flags | Pattern.DOTALL).matcher(value).matches();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
