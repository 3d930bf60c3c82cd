package io.roleport.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Simulated AWS STS (Query protocol, XML answers with the mandatory {@code ...Result} wrapper):
 * {@code AssumeRole} with trust-policy evaluation (principal, ExternalId, SourceIdentity, TagSession) and
 * {@code AssumeRoleWithWebIdentity} (unsigned; token checked by {@link OidcTokenVerifier}, role trust by
 * {@code Principal.Federated} and {@code <provider>:aud}/{@code :sub} conditions) and {@code GetCallerIdentity}.
 * {@code DurationSeconds} is bounded by the role's {@code MaxSessionDuration} and by 1 hour for role chaining.
 * Across accounts the caller's own identity policies must also allow {@code sts:AssumeRole} on the role.
 */
final class StsApi {

    static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String NAME_CHARS = "[\\w+=,.@-]";

    private final Directory directory;
    private final Clock clock;
    private final OidcTokenVerifier oidc;
    private final Authorizer authz;

    StsApi(Directory directory, Clock clock, OidcTokenVerifier oidc, Authorizer authz) {
        this.directory = directory;
        this.clock = clock;
        this.oidc = oidc;
        this.authz = authz;
    }

    SimResponse handle(String action, Request req, Caller caller) {
        return switch (action) {
            case "AssumeRole" -> assumeRole(req, caller);
            case "GetCallerIdentity" -> getCallerIdentity(caller);
            case "AssumeRoleWithWebIdentity" -> assumeRoleWithWebIdentity(req);
            default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
        };
    }

    private SimResponse getCallerIdentity(Caller caller) {
        Xml x = new Xml().openNs("GetCallerIdentityResponse", NS).open("GetCallerIdentityResult")
                .el("Arn", caller.arn()).el("UserId", caller.userId()).el("Account", caller.accountId())
                .close("GetCallerIdentityResult");
        return SimResponse.xml(200, metadata(x).close("GetCallerIdentityResponse").toString());
    }

    private SimResponse assumeRole(Request req, Caller caller) {
        String roleArn = requiredValue(req, "RoleArn", "roleArn");
        String sessionName = requiredValue(req, "RoleSessionName", "roleSessionName");
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw AwsError.validation("1 validation error detected: Value '" + roleArn
                    + "' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
        }
        if (!Directory.ROLE_ARN.matcher(roleArn).matches()) {
            throw AwsError.validation(roleArn + " is invalid");
        }
        if (!sessionName.matches(NAME_CHARS + "{2,64}")) {
            throw AwsError.validation("1 validation error detected: Value '" + sessionName
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        String externalId = req.param("ExternalId");
        if (externalId != null && !externalId.matches("[\\w+=,.@:/-]{2,1224}")) {
            throw AwsError.validation("1 validation error detected: Value '" + externalId
                    + "' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
        }
        int duration = duration(req);
        String requestedSourceIdentity = req.param("SourceIdentity");
        if (requestedSourceIdentity != null && !requestedSourceIdentity.matches(NAME_CHARS + "{2,64}")) {
            throw AwsError.validation("1 validation error detected: Value '" + requestedSourceIdentity
                    + "' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and length 2-64");
        }
        String sourceIdentity = requestedSourceIdentity;
        if (caller.sourceIdentity() != null) {
            if (requestedSourceIdentity != null && !requestedSourceIdentity.equals(caller.sourceIdentity())) {
                throw AwsError.accessDenied("User: " + caller.arn()
                        + " is not authorized to set a source identity different from the session's: "
                        + caller.sourceIdentity());
            }
            sourceIdentity = caller.sourceIdentity();
        }
        Map<String, String> tags = tags(req);

        Directory.Role role = directory.roleByArn(roleArn);
        Map<String, String> context = new HashMap<>();
        if (externalId != null) {
            context.put("sts:ExternalId", externalId);
        }
        if (sourceIdentity != null) {
            context.put("sts:SourceIdentity", sourceIdentity);
        }
        context.put("aws:PrincipalArn", caller.principalArnForPolicies());
        context.put("aws:PrincipalAccount", caller.accountId());
        tags.forEach((k, v) -> context.put("aws:RequestTag/" + k, v));
        // Two evaluations must allow: the caller's identity policies, then the role's trust policy. In the same
        // account a trust policy naming the caller itself suffices; one trusting the account (:root) does not.
        boolean callerMay = role == null
                || (role.accountId().equals(caller.accountId())
                        && TrustPolicy.namesCaller(role.trustPolicy(), "sts:AssumeRole", caller, context))
                || authz.decide(caller, "sts:AssumeRole", roleArn, authz.principalContext(caller, req.region()))
                        .decision() == PolicyEvaluator.Decision.ALLOWED;
        boolean allowed = role != null && callerMay
                && TrustPolicy.allows(role.trustPolicy(), "sts:AssumeRole", caller, context)
                && (sourceIdentity == null || TrustPolicy.allows(role.trustPolicy(), "sts:SetSourceIdentity", caller, context))
                && (tags.isEmpty() || TrustPolicy.allows(role.trustPolicy(), "sts:TagSession", caller, context));
        if (!allowed) {
            throw AwsError.accessDenied("User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }
        if (caller.roleArn() != null && duration > 3600) {
            throw AwsError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        requireWithinMaxSessionDuration(role, duration);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Directory.Session s = directory.issueSession(role, sessionName, Duration.ofSeconds(duration), sourceIdentity, tags, now);
        Xml x = new Xml().openNs("AssumeRoleResponse", NS).open("AssumeRoleResult")
                .el("SourceIdentity", sourceIdentity)
                .open("AssumedRoleUser").el("AssumedRoleId", role.roleId() + ":" + sessionName).el("Arn", s.arn()).close("AssumedRoleUser")
                .open("Credentials").el("AccessKeyId", s.accessKeyId()).el("SecretAccessKey", s.secretAccessKey())
                .el("SessionToken", s.sessionToken()).el("Expiration", s.expiration().toString()).close("Credentials")
                .el("PackedPolicySize", tags.isEmpty() ? null : Math.min(100, 6 * tags.size()))
                .close("AssumeRoleResult");
        return SimResponse.xml(200, metadata(x).close("AssumeRoleResponse").toString());
    }

    private SimResponse assumeRoleWithWebIdentity(Request req) {
        String roleArn = requiredValue(req, "RoleArn", "roleArn");
        String sessionName = requiredValue(req, "RoleSessionName", "roleSessionName");
        String token = requiredValue(req, "WebIdentityToken", "webIdentityToken");
        if (!sessionName.matches(NAME_CHARS + "{2,64}")) {
            throw AwsError.validation("1 validation error detected: Value '" + sessionName
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        int duration = duration(req);
        var m = Directory.ROLE_ARN.matcher(roleArn);
        if (!m.matches()) {
            throw AwsError.validation(roleArn + " is invalid");
        }
        OidcTokenVerifier.Verified v = oidc.verify(token, m.group(1));
        String sub = v.claims().getSubject();
        Object si = v.claims().getClaim("https://aws.amazon.com/source_identity");
        String sourceIdentity = si == null ? null : si.toString();
        String prefix = v.provider().hostPath();
        Map<String, String> context = new HashMap<>();
        context.put(prefix + ":aud", v.audience());
        if (sub != null) {
            context.put(prefix + ":sub", sub);
        }
        if (sourceIdentity != null) {
            context.put("sts:SourceIdentity", sourceIdentity);
        }
        Directory.Role role = directory.roleByArn(roleArn);
        String arn = v.provider().arn();
        boolean allowed = role != null
                && TrustPolicy.allowsFederated(role.trustPolicy(), "sts:AssumeRoleWithWebIdentity", arn, context)
                && (sourceIdentity == null || TrustPolicy.allowsFederated(role.trustPolicy(), "sts:SetSourceIdentity", arn, context));
        if (!allowed) {
            throw AwsError.accessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }
        requireWithinMaxSessionDuration(role, duration);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Directory.Session s = directory.issueSession(role, sessionName, Duration.ofSeconds(duration), sourceIdentity, Map.of(), now);
        Xml x = new Xml().openNs("AssumeRoleWithWebIdentityResponse", NS).open("AssumeRoleWithWebIdentityResult")
                .el("Audience", v.audience())
                .open("AssumedRoleUser").el("AssumedRoleId", role.roleId() + ":" + sessionName).el("Arn", s.arn()).close("AssumedRoleUser")
                .el("Provider", arn)
                .open("Credentials").el("AccessKeyId", s.accessKeyId()).el("SecretAccessKey", s.secretAccessKey())
                .el("SessionToken", s.sessionToken()).el("Expiration", s.expiration().toString()).close("Credentials")
                .el("SubjectFromWebIdentityToken", sub)
                .el("SourceIdentity", sourceIdentity)
                .close("AssumeRoleWithWebIdentityResult");
        return SimResponse.xml(200, metadata(x).close("AssumeRoleWithWebIdentityResponse").toString());
    }

    private static int duration(Request req) {
        int duration = 3600;
        if (req.param("DurationSeconds") != null) {
            try {
                duration = Integer.parseInt(req.param("DurationSeconds"));
            } catch (NumberFormatException e) {
                throw AwsError.validation("DurationSeconds must be a number");
            }
            if (duration < 900 || duration > 43200) {
                throw AwsError.validation("1 validation error detected: Value '" + duration
                        + "' at 'durationSeconds' failed to satisfy constraint: Member must have value "
                        + (duration < 900 ? "greater than or equal to 900" : "less than or equal to 43200"));
            }
        }
        return duration;
    }

    private static void requireWithinMaxSessionDuration(Directory.Role role, int duration) {
        if (duration > role.maxSessionDuration()) {
            throw AwsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
    }

    private static String requiredValue(Request req, String name, String member) {
        String v = req.param(name);
        if (v == null || v.isEmpty()) {
            throw AwsError.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    private static Map<String, String> tags(Request req) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; req.param("Tags.member." + i + ".Key") != null; i++) {
            String k = req.param("Tags.member." + i + ".Key");
            String v = req.param("Tags.member." + i + ".Value");
            if (k.isEmpty() || k.length() > 128 || (v != null && v.length() > 256)) {
                throw AwsError.validation("Session tag keys must be 1-128 characters and values at most 256 characters");
            }
            if (tags.keySet().stream().anyMatch(k::equalsIgnoreCase)) {
                throw new AwsError(400, "InvalidParameterValue", "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
            tags.put(k, v == null ? "" : v);
        }
        if (tags.size() > 50) {
            throw AwsError.validation("At most 50 session tags are allowed");
        }
        return tags;
    }

    static Xml metadata(Xml x) {
        return x.open("ResponseMetadata").el("RequestId", UUID.randomUUID().toString()).close("ResponseMetadata");
    }
}
