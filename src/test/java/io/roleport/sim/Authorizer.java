package io.roleport.sim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Authorizes every call the simulator serves against the caller's identity policies ({@link PolicyEvaluator}):
 * the inline and attached managed policies of the IAM user, or of the role behind an assumed-role session. The
 * request context carries what AWS puts there for these calls: {@code aws:PrincipalArn} (the role ARN for a
 * session), {@code aws:PrincipalAccount}, {@code aws:SourceIdentity}, {@code aws:PrincipalTag/*} (the session's
 * tags), {@code aws:RequestedRegion}, plus what each service adds (request and resource tags, {@code aws:TagKeys},
 * {@code iam:PassedToService}, {@code ec2:CreateAction}).
 *
 * <p>A refusal is answered in the serving service's own format and words: EKS {@code AccessDeniedException} (403
 * JSON), EC2 {@code UnauthorizedOperation} (403, with an encoded authorization message), IAM and STS
 * {@code AccessDenied} (403 XML) "User: ARN is not authorized to perform: ACTION on resource: RESOURCE because no
 * identity-based policy allows the ACTION action" (or "with an explicit deny in an identity-based policy").
 */
final class Authorizer {

    private final Directory directory;

    Authorizer(Directory directory) {
        this.directory = directory;
    }

    /** The principal's part of every request context. */
    PolicyEvaluator.Context principalContext(Caller caller, String region) {
        PolicyEvaluator.Context c = new PolicyEvaluator.Context()
                .put("aws:PrincipalArn", caller.principalArnForPolicies())
                .put("aws:PrincipalAccount", caller.accountId())
                .put("aws:userid", caller.userId())
                .put("aws:SourceIdentity", caller.sourceIdentity())
                .put("aws:RequestedRegion", region)
                .put("aws:PrincipalType", caller.roleArn() != null ? "AssumedRole" : "User");
        return c.tags("aws:PrincipalTag/", caller.sessionTags());
    }

    PolicyEvaluator.Result decide(Caller caller, String action, String resource, PolicyEvaluator.Context context) {
        List<PolicyEvaluator.Policy> policies = directory.identityPolicies(caller.principalArnForPolicies());
        return PolicyEvaluator.evaluate(policies, action, resource, context);
    }

    /**
     * Refuses the call unless the caller's policies allow {@code action} (e.g. {@code eks:CreateCluster}) on
     * {@code resource}.
     *
     * @param service the service serving the request: decides the error's format
     * @param request what the request adds to the context (tags, service keys); may be empty
     */
    void require(Caller caller, String service, String region, String action, String resource,
            PolicyEvaluator.Context request) {
        PolicyEvaluator.Context context = principalContext(caller, region).with(request);
        PolicyEvaluator.Result r = decide(caller, action, resource, context);
        if (r.decision() != PolicyEvaluator.Decision.ALLOWED) {
            throw refusal(caller, service, action, resource, r.decision());
        }
    }

    void require(Caller caller, String service, String region, String action, String resource) {
        require(caller, service, region, action, resource, new PolicyEvaluator.Context());
    }

    static AwsError refusal(Caller caller, String service, String action, String resource, PolicyEvaluator.Decision d) {
        String because = d == PolicyEvaluator.Decision.EXPLICIT_DENY
                ? " with an explicit deny in an identity-based policy"
                : " because no identity-based policy allows the " + action + " action";
        String message = "User: " + caller.arn() + " is not authorized to perform: " + action + " on resource: "
                + resource + because;
        return switch (service) {
            case "eks" -> new AwsError(403, "AccessDeniedException", message);
            case "ec2" -> {
                String decoded = "{\"allowed\":false,\"explicitDeny\":" + (d == PolicyEvaluator.Decision.EXPLICIT_DENY)
                        + ",\"matchedStatements\":{\"items\":[]},\"failures\":{\"items\":[]},\"context\":{\"principal\":{\"id\":\""
                        + caller.userId() + "\",\"arn\":\"" + caller.arn() + "\"},\"action\":\"" + action
                        + "\",\"resource\":\"" + resource + "\",\"conditions\":{\"items\":[]}}}";
                yield new AwsError(403, "UnauthorizedOperation",
                        "You are not authorized to perform this operation. Encoded authorization failure message: "
                                + Base64.getUrlEncoder().withoutPadding().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)));
            }
            default -> new AwsError(403, "AccessDenied", message);
        };
    }
}
