package io.roleport.sim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attribute-based access control of a role whose identity policy scopes EKS and EC2 writes by a tag, as the
 * installation's default workload role does (docs/default-account.md):
 *
 * <pre>
 * "Condition": {"StringEquals": {"aws:ResourceTag/roleport:org": "${aws:PrincipalTag/roleport-org}"}}   (existing resources)
 * "Condition": {"StringEquals": {"aws:RequestTag/roleport:org":  "${aws:PrincipalTag/roleport-org}"}}   (creates)
 * </pre>
 *
 * Not an IAM engine: only this one rule, for the sessions of roles the seed marks with {@code "tagScope":
 * {"principalTag": "roleport-org", "resourceTag": "roleport:org"}}. A session of such a role may change (create,
 * tag, delete) only resources whose tag equals its principal tag, and create only resources it tags with that
 * value; a session without the principal tag may change nothing (the policy variable has no value, so the
 * condition fails). Reads (Describe/List) are not scoped, as in the documented policy. Refusals are AWS's:
 * EKS {@code AccessDeniedException} (403), EC2 {@code UnauthorizedOperation} (403).
 */
final class TagScope {

    /** The rule of one role: its sessions' {@code principalTag} must equal the resources' {@code resourceTag}. */
    record Rule(String principalTag, String resourceTag) {}

    /** Role ARN -> rule. */
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    void put(String roleArn, Rule rule) {
        rules.put(roleArn, rule);
    }

    Optional<Rule> ruleOf(Caller caller) {
        return caller.roleArn() == null ? Optional.empty() : Optional.ofNullable(rules.get(caller.roleArn()));
    }

    /** A call on an existing resource with {@code resourceTags}: its tag must equal the caller's principal tag. */
    void requireResource(Caller caller, String service, String action, String resourceArn, Map<String, String> resourceTags) {
        ruleOf(caller).ifPresent(rule -> {
            String principal = caller.sessionTags().get(rule.principalTag());
            if (principal == null || !principal.equals(resourceTags.get(rule.resourceTag()))) {
                throw refused(caller, service, action, resourceArn);
            }
        });
    }

    /**
     * A call that sets {@code requestTags} (a create, or tagging): they must carry the tag, equal to the caller's
     * principal tag, when {@code required}; and may never set it to another value.
     */
    void requireRequest(Caller caller, String service, String action, String resourceArn, Map<String, String> requestTags,
            boolean required) {
        ruleOf(caller).ifPresent(rule -> {
            String principal = caller.sessionTags().get(rule.principalTag());
            String requested = requestTags.get(rule.resourceTag());
            if (principal == null || (requested == null ? required : !principal.equals(requested))) {
                throw refused(caller, service, action, resourceArn);
            }
        });
    }

    private static AwsError refused(Caller caller, String service, String action, String resourceArn) {
        if (service.equals("eks")) {
            return new AwsError(403, "AccessDeniedException", "User: " + caller.arn() + " is not authorized to perform: eks:"
                    + action + " on resource: " + resourceArn);
        }
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"allowed\":false,\"explicitDeny\":false,"
                + "\"matchedStatements\":{\"items\":[]},\"context\":{\"principal\":{\"arn\":\"" + caller.arn()
                + "\"},\"action\":\"ec2:" + action + "\",\"resource\":\"" + resourceArn + "\"}}").getBytes(StandardCharsets.UTF_8));
        return new AwsError(403, "UnauthorizedOperation",
                "You are not authorized to perform this operation. Encoded authorization failure message: " + encoded);
    }
}
