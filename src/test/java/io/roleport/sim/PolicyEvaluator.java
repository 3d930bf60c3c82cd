package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS's evaluation of identity-based policies (IAM JSON policy documents) for one request, as IAM documents it
 * (reference_policies_evaluation-logic): every statement of every policy is matched; a matching {@code Deny} ends it
 * (explicit deny), otherwise a matching {@code Allow} allows, otherwise the request is implicitly denied.
 *
 * <p>Statement matching: {@code Action}/{@code NotAction} (case-insensitive, {@code *} and {@code ?} wildcards),
 * {@code Resource}/{@code NotResource} (case-sensitive wildcards), policy variables {@code ${key}} in resources and
 * condition values (a variable without a value matches nothing), and {@code Condition} blocks: several operators and
 * several keys AND, several values of one key OR. Operators: {@code StringEquals}, {@code StringNotEquals},
 * {@code StringEqualsIgnoreCase}, {@code StringNotEqualsIgnoreCase}, {@code StringLike}, {@code StringNotLike},
 * {@code ArnEquals}/{@code ArnLike} (compared part by part, a {@code *} never spans a colon), {@code ArnNotEquals}/
 * {@code ArnNotLike}, {@code Bool}, {@code Null}; the {@code ...IfExists} suffix and the {@code ForAnyValue:}/
 * {@code ForAllValues:} set qualifiers. A key missing from the request makes a positive operator false and a
 * negated one true. An operator this evaluator does not know makes the statement not match (fails closed for
 * {@code Allow}). Condition key names are case-insensitive, as in AWS.
 */
final class PolicyEvaluator {

    /** The three outcomes IAM names ({@code EvalDecision} of SimulatePrincipalPolicy). */
    enum Decision {
        ALLOWED("allowed"), EXPLICIT_DENY("explicitDeny"), IMPLICIT_DENY("implicitDeny");

        final String wire;

        Decision(String wire) {
            this.wire = wire;
        }
    }

    /** One policy that applies to the principal: its id (name or ARN) and its document. */
    record Policy(String id, JsonNode document) {}

    /** The request's condition keys (lower-cased names, one or more values each). */
    static final class Context {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        Context put(String key, String value) {
            if (value != null) {
                values.put(key.toLowerCase(Locale.ROOT), List.of(value));
            }
            return this;
        }

        Context putAll(String key, List<String> multi) {
            values.put(key.toLowerCase(Locale.ROOT), List.copyOf(multi));
            return this;
        }

        /** Every {@code prefix + key = value} of a tag map (e.g. {@code aws:RequestTag/}). */
        Context tags(String prefix, Map<String, String> tags) {
            tags.forEach((k, v) -> put(prefix + k, v));
            return this;
        }

        Context with(Context other) {
            Context c = new Context();
            c.values.putAll(values);
            c.values.putAll(other.values);
            return c;
        }

        List<String> get(String key) {
            return values.get(key.toLowerCase(Locale.ROOT));
        }

        Map<String, List<String>> asMap() {
            return java.util.Collections.unmodifiableMap(values);
        }
    }

    /** The outcome and the statement that decided it (for error details and SimulatePrincipalPolicy). */
    record Result(Decision decision, String matchedPolicy) {}

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private PolicyEvaluator() {
    }

    static Result evaluate(List<Policy> policies, String action, String resource, Context context) {
        String allowedBy = null;
        for (Policy p : policies) {
            for (JsonNode st : TrustPolicy.asList(p.document().path("Statement"))) {
                if (!matchesAction(st, action) || !matchesResource(st, resource, context)
                        || !conditionsHold(st.path("Condition"), context)) {
                    continue;
                }
                String effect = st.path("Effect").asText();
                if ("Deny".equals(effect)) {
                    return new Result(Decision.EXPLICIT_DENY, p.id());
                }
                if ("Allow".equals(effect) && allowedBy == null) {
                    allowedBy = p.id();
                }
            }
        }
        return allowedBy != null ? new Result(Decision.ALLOWED, allowedBy) : new Result(Decision.IMPLICIT_DENY, null);
    }

    /**
     * Structural validation of an identity policy, as IAM does on PutRolePolicy/CreatePolicy; answers the
     * {@code MalformedPolicyDocument} message or {@code null}.
     */
    static String validate(JsonNode policy) {
        if (policy == null || !policy.isObject()) {
            return "Syntax errors in policy.";
        }
        JsonNode statements = policy.get("Statement");
        if (statements == null || statements.isNull() || (statements.isArray() && statements.isEmpty())) {
            return "Missing required field Statement";
        }
        for (JsonNode st : TrustPolicy.asList(statements)) {
            String effect = st.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                return "Invalid effect: " + effect;
            }
            if (!st.has("Action") && !st.has("NotAction")) {
                return "Policy statement must contain actions.";
            }
            if (!st.has("Resource") && !st.has("NotResource")) {
                return "Policy statement must contain resources.";
            }
            if (st.has("Principal") || st.has("NotPrincipal")) {
                return "Policy document should not specify a principal.";
            }
            for (JsonNode a : TrustPolicy.asList(st.has("Action") ? st.get("Action") : st.get("NotAction"))) {
                String name = a.asText();
                if (!name.equals("*") && !name.matches("[a-zA-Z0-9-]+:[A-Za-z0-9*?]+")) {
                    return "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
                }
            }
        }
        return null;
    }

    private static boolean matchesAction(JsonNode st, String action) {
        if (st.has("NotAction")) {
            return TrustPolicy.asList(st.get("NotAction")).stream().noneMatch(a -> TrustPolicy.glob(a.asText(), action, true));
        }
        return TrustPolicy.asList(st.path("Action")).stream().anyMatch(a -> TrustPolicy.glob(a.asText(), action, true));
    }

    private static boolean matchesResource(JsonNode st, String resource, Context context) {
        if (st.has("NotResource")) {
            return TrustPolicy.asList(st.get("NotResource")).stream()
                    .noneMatch(r -> resourceMatches(r.asText(), resource, context));
        }
        return TrustPolicy.asList(st.path("Resource")).stream().anyMatch(r -> resourceMatches(r.asText(), resource, context));
    }

    private static boolean resourceMatches(String pattern, String resource, Context context) {
        String p = substitute(pattern, context);
        return p != null && TrustPolicy.glob(p, resource, false);
    }

    /** Replaces {@code ${key}} by the request's value; {@code null} when a variable has no (single) value. */
    static String substitute(String text, Context context) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = switch (name) {
                case "*" -> "*";
                case "?" -> "?";
                case "$" -> "$";
                default -> {
                    List<String> v = context.get(name);
                    yield v == null || v.size() != 1 ? null : v.get(0);
                }
            };
            if (replacement == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean conditionsHold(JsonNode condition, Context context) {
        if (condition.isMissingNode() || condition.isNull()) {
            return true;
        }
        var ops = condition.fields();
        while (ops.hasNext()) {
            var op = ops.next();
            var keys = op.getValue().fields();
            while (keys.hasNext()) {
                var k = keys.next();
                List<String> expected = new ArrayList<>();
                TrustPolicy.asList(k.getValue()).forEach(v -> expected.add(v.asText()));
                if (!holds(op.getKey(), context.get(k.getKey()), expected, context)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One operator on one key; {@code actual} is {@code null} when the request lacks the key. */
    static boolean holds(String operator, List<String> actual, List<String> expected, Context context) {
        String op = operator;
        String qualifier = null;
        int colon = op.indexOf(':');
        if (colon > 0) {
            qualifier = op.substring(0, colon);
            op = op.substring(colon + 1);
            if (!qualifier.equals("ForAnyValue") && !qualifier.equals("ForAllValues")) {
                return false;
            }
        }
        if (op.equals("Null")) {
            boolean absent = actual == null || actual.isEmpty();
            return expected.stream().anyMatch(e -> Boolean.parseBoolean(e) == absent);
        }
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        boolean negated = op.contains("Not");
        String base = op.replace("Not", "");
        if (!List.of("StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool").contains(base)) {
            return false;
        }
        List<String> values = new ArrayList<>();
        for (String e : expected) {
            String v = substitute(e, context);
            if (v != null) {
                values.add(v);
            }
        }
        boolean absent = actual == null || actual.isEmpty();
        if (absent) {
            if (ifExists) {
                return true;
            }
            if ("ForAllValues".equals(qualifier)) {
                return true;
            }
            if ("ForAnyValue".equals(qualifier)) {
                return false;
            }
            return negated;
        }
        if ("ForAllValues".equals(qualifier)) {
            return actual.stream().allMatch(a -> negated != anyMatches(base, a, values));
        }
        if ("ForAnyValue".equals(qualifier)) {
            return actual.stream().anyMatch(a -> negated != anyMatches(base, a, values));
        }
        boolean any = actual.stream().anyMatch(a -> anyMatches(base, a, values));
        return negated != any;
    }

    private static boolean anyMatches(String base, String actual, List<String> values) {
        for (String v : values) {
            boolean m = switch (base) {
                case "StringEquals" -> v.equals(actual);
                case "StringEqualsIgnoreCase" -> v.equalsIgnoreCase(actual);
                case "StringLike" -> TrustPolicy.glob(v, actual, false);
                case "ArnEquals", "ArnLike" -> arnLike(v, actual);
                case "Bool" -> v.equalsIgnoreCase(actual);
                default -> false;
            };
            if (m) {
                return true;
            }
        }
        return false;
    }

    /** ARN matching: six colon-separated parts compared one by one, wildcards within a part only. */
    static boolean arnLike(String pattern, String arn) {
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!TrustPolicy.glob(p[i], a[i], false)) {
                return false;
            }
        }
        return true;
    }
}
