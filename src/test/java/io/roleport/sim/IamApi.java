package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulated AWS IAM (global, Query protocol), in the caller's own account: roles ({@code CreateRole} with
 * {@code MaxSessionDuration}, {@code GetRole}, {@code DeleteRole}, refused while policies remain), their identity
 * policies ({@code PutRolePolicy}, {@code GetRolePolicy}, {@code DeleteRolePolicy}, {@code ListRolePolicies},
 * {@code AttachRolePolicy}, {@code DetachRolePolicy}, {@code ListAttachedRolePolicies}), customer-managed policies
 * ({@code CreatePolicy}, {@code DeletePolicy}), OIDC providers, and {@code SimulatePrincipalPolicy} with the same
 * {@link PolicyEvaluator} that authorizes every call. Every action is authorized against the caller's own identity
 * policies ({@link Authorizer}); trust and identity policies are validated (JSON, structure, and principals of
 * seeded accounts must exist).
 */
final class IamApi {

    static final String NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final Pattern OIDC_PROVIDER_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):oidc-provider/.+");
    private static final Pattern PRINCIPAL_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):(root|user/(.+)|role/(.+))");

    private final Directory directory;
    private final Clock clock;
    private final ObjectMapper json;
    private final Authorizer authz;

    IamApi(Directory directory, Clock clock, ObjectMapper json, Authorizer authz) {
        this.directory = directory;
        this.clock = clock;
        this.json = json;
        this.authz = authz;
    }

    SimResponse handle(String action, Request req, Caller caller) {
        return switch (action) {
            case "CreateRole" -> createRole(req, caller);
            case "GetRole" -> getRole(req, caller);
            case "DeleteRole" -> deleteRole(req, caller);
            case "UpdateAssumeRolePolicy" -> updateAssumeRolePolicy(req, caller);
            case "CreateOpenIDConnectProvider" -> createOidcProvider(req, caller);
            case "DeleteOpenIDConnectProvider" -> deleteOidcProvider(req, caller);
            case "PutRolePolicy", "GetRolePolicy", "DeleteRolePolicy", "ListRolePolicies", "AttachRolePolicy",
                    "DetachRolePolicy", "ListAttachedRolePolicies" -> IamPolicies.roleAction(this, action, req, caller);
            case "CreatePolicy", "DeletePolicy" -> IamPolicies.managedAction(this, action, req, caller);
            case "SimulatePrincipalPolicy" -> IamPolicies.simulate(this, req, caller);
            default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version 2010-05-08");
        };
    }

    Directory directory() {
        return directory;
    }

    Clock clock() {
        return clock;
    }

    ObjectMapper json() {
        return json;
    }

    Authorizer authz() {
        return authz;
    }

    /** Refuses the call unless the caller's identity policies allow {@code iam:ACTION} on {@code resource}. */
    void require(Caller caller, String action, String resource, PolicyEvaluator.Context context) {
        authz.require(caller, "iam", "us-east-1", "iam:" + action, resource, context);
    }

    private void requireAdminOn(Caller caller, String action, String resource) {
        require(caller, action, resource, new PolicyEvaluator.Context());
    }

    /** The role a request's {@code RoleName} names, or {@code NoSuchEntity}. */
    Directory.Role existingRole(Caller caller, String name) {
        Directory.Role role = directory.role(caller.accountId(), name);
        if (role == null) {
            throw new AwsError(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
        }
        return role;
    }

    /** Like IAM: an https (here also http, for the local IdP) issuer URL and 1..100 client ids; one per URL. */
    private SimResponse createOidcProvider(Request req, Caller caller) {
        String url = req.required("Url");
        requireAdminOn(caller, "CreateOpenIDConnectProvider", "arn:aws:iam::" + caller.accountId() + ":oidc-provider/*");
        if (!url.matches("https?://[^\\s?#]+")) {
            throw new AwsError(400, "ValidationError", "The specified value for url is invalid.");
        }
        java.util.List<String> clientIds = new java.util.ArrayList<>();
        for (int i = 1; req.param("ClientIDList.member." + i) != null; i++) {
            clientIds.add(req.param("ClientIDList.member." + i));
        }
        if (clientIds.isEmpty() || clientIds.size() > 100) {
            throw new AwsError(400, "ValidationError", "ClientIDList must name 1 to 100 client ids.");
        }
        Directory.OidcProvider wanted = new Directory.OidcProvider(caller.accountId(), url, clientIds);
        if (directory.oidcProviders(caller.accountId()).stream().anyMatch(p -> p.hostPath().equals(wanted.hostPath()))) {
            throw new AwsError(409, "EntityAlreadyExists", "Provider with url " + url + " already exists.");
        }
        directory.registerOidcProvider(caller.accountId(), url, clientIds);
        Xml x = new Xml().openNs("CreateOpenIDConnectProviderResponse", NS).open("CreateOpenIDConnectProviderResult")
                .el("OpenIDConnectProviderArn", wanted.arn()).close("CreateOpenIDConnectProviderResult");
        return SimResponse.xml(200, StsApi.metadata(x).close("CreateOpenIDConnectProviderResponse").toString());
    }

    private SimResponse deleteOidcProvider(Request req, Caller caller) {
        String arn = req.required("OpenIDConnectProviderArn");
        requireAdminOn(caller, "DeleteOpenIDConnectProvider", arn);
        if (!directory.removeOidcProvider(caller.accountId(), arn)) {
            throw new AwsError(404, "NoSuchEntity", "OpenIDConnect Provider not found for arn " + arn);
        }
        Xml x = new Xml().openNs("DeleteOpenIDConnectProviderResponse", NS);
        return SimResponse.xml(200, StsApi.metadata(x).close("DeleteOpenIDConnectProviderResponse").toString());
    }

    private SimResponse createRole(Request req, Caller caller) {
        String name = req.required("RoleName");
        String policyText = req.required("AssumeRolePolicyDocument");
        String path = req.param("Path") == null ? "/" : req.param("Path");
        requireAdminOn(caller, "CreateRole", "arn:aws:iam::" + caller.accountId() + ":role" + path + name);
        if (!name.matches("[\\w+=,.@-]{1,64}")) {
            throw new AwsError(400, "ValidationError", "The specified value for roleName is invalid.");
        }
        if (!path.matches("/|/[\\x21-\\x7E]{0,510}/")) {
            throw new AwsError(400, "ValidationError", "The specified value for path is invalid.");
        }
        JsonNode policy = trustPolicy(policyText);
        int maxSessionDuration = 3600;
        if (req.param("MaxSessionDuration") != null) {
            try {
                maxSessionDuration = Integer.parseInt(req.param("MaxSessionDuration"));
            } catch (NumberFormatException e) {
                throw new AwsError(400, "ValidationError", "MaxSessionDuration must be a number");
            }
        }
        Directory.Role role = directory.putRole(caller.accountId(), name, path, policyText, policy, false,
                req.param("Description"), clock.instant().truncatedTo(ChronoUnit.SECONDS), maxSessionDuration);
        Xml x = new Xml().openNs("CreateRoleResponse", NS).open("CreateRoleResult");
        role(x, role).close("CreateRoleResult");
        return SimResponse.xml(200, StsApi.metadata(x).close("CreateRoleResponse").toString());
    }

    /** A trust policy as IAM accepts it (valid JSON, a valid trust policy, principals that exist), or MalformedPolicyDocument. */
    private JsonNode trustPolicy(String policyText) {
        JsonNode policy;
        try {
            policy = json.readTree(policyText);
        } catch (Exception e) {
            throw new AwsError(400, "MalformedPolicyDocument", "This policy contains invalid Json");
        }
        String problem = TrustPolicy.validate(policy);
        if (problem == null) {
            problem = checkPrincipals(policy);
        }
        if (problem != null) {
            throw new AwsError(400, "MalformedPolicyDocument", problem);
        }
        return policy;
    }

    /** IAM UpdateAssumeRolePolicy: the role's trust policy replaced, checked as CreateRole checks it. */
    private SimResponse updateAssumeRolePolicy(Request req, Caller caller) {
        String name = req.required("RoleName");
        String policyText = req.required("PolicyDocument");
        Directory.Role found = directory.role(caller.accountId(), name);
        requireAdminOn(caller, "UpdateAssumeRolePolicy",
                found != null ? found.arn() : "arn:aws:iam::" + caller.accountId() + ":role/" + name);
        JsonNode policy = trustPolicy(policyText);
        if (directory.replaceTrust(caller.accountId(), name, policyText, policy) == null) {
            throw new AwsError(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
        }
        Xml x = new Xml().openNs("UpdateAssumeRolePolicyResponse", NS);
        return SimResponse.xml(200, StsApi.metadata(x).close("UpdateAssumeRolePolicyResponse").toString());
    }

    /**
     * Like IAM: a principal ARN naming a user, role or OIDC provider that does not exist (in a seeded account) is
     * refused.
     */
    private String checkPrincipals(JsonNode policy) {
        for (JsonNode st : TrustPolicy.asList(policy.get("Statement"))) {
            JsonNode principal = st.path("Principal");
            if (principal.isTextual()) {
                if (!principal.asText().equals("*")) {
                    return "Invalid principal in policy: " + principal.asText();
                }
                continue;
            }
            for (JsonNode f : TrustPolicy.asList(principal.path("Federated"))) {
                Matcher m = OIDC_PROVIDER_ARN.matcher(f.asText());
                if (m.matches() && directory.accountExists(m.group(1))
                        && directory.oidcProviders(m.group(1)).stream().noneMatch(o -> o.arn().equals(f.asText()))) {
                    return "Invalid principal in policy: \"Federated\":\"" + f.asText() + "\"";
                }
            }
            for (JsonNode p : TrustPolicy.asList(principal.path("AWS"))) {
                String v = p.asText();
                if (v.equals("*") || v.matches("\\d{12}")) {
                    continue;
                }
                Matcher m = PRINCIPAL_ARN.matcher(v);
                if (!m.matches()) {
                    return "Invalid principal in policy: \"AWS\":\"" + v + "\"";
                }
                String account = m.group(1);
                if (!directory.accountExists(account)) {
                    continue;
                }
                boolean exists = m.group(2).equals("root")
                        || (m.group(3) != null && directory.userExists(account, m.group(3).substring(m.group(3).lastIndexOf('/') + 1)))
                        || (m.group(4) != null && directory.role(account, m.group(4).substring(m.group(4).lastIndexOf('/') + 1)) != null);
                if (!exists) {
                    return "Invalid principal in policy: \"AWS\":\"" + v + "\"";
                }
            }
        }
        return null;
    }

    private SimResponse getRole(Request req, Caller caller) {
        String name = req.required("RoleName");
        Directory.Role found = directory.role(caller.accountId(), name);
        requireAdminOn(caller, "GetRole", found != null ? found.arn() : "arn:aws:iam::" + caller.accountId() + ":role/" + name);
        Directory.Role role = existingRole(caller, name);
        Xml x = new Xml().openNs("GetRoleResponse", NS).open("GetRoleResult");
        role(x, role).close("GetRoleResult");
        return SimResponse.xml(200, StsApi.metadata(x).close("GetRoleResponse").toString());
    }

    private SimResponse deleteRole(Request req, Caller caller) {
        String name = req.required("RoleName");
        Directory.Role found = directory.role(caller.accountId(), name);
        requireAdminOn(caller, "DeleteRole", found != null ? found.arn() : "arn:aws:iam::" + caller.accountId() + ":role/" + name);
        if (!directory.deleteRole(caller.accountId(), name)) {
            throw new AwsError(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
        }
        Xml x = new Xml().openNs("DeleteRoleResponse", NS);
        return SimResponse.xml(200, StsApi.metadata(x).close("DeleteRoleResponse").toString());
    }

    static Xml role(Xml x, Directory.Role role) {
        return x.open("Role").el("Path", role.path()).el("RoleName", role.name()).el("RoleId", role.roleId())
                .el("Arn", role.arn()).el("CreateDate", role.createDate().toString())
                .el("AssumeRolePolicyDocument", URLEncoder.encode(role.trustPolicyText(), StandardCharsets.UTF_8).replace("+", "%20"))
                .el("Description", role.description()).el("MaxSessionDuration", role.maxSessionDuration())
                .close("Role");
    }
}
