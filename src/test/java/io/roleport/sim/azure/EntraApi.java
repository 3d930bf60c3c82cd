package io.roleport.sim.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Entra ID (Azure AD) v2.0 token endpoint for the client-credentials grant, with a client secret or a federated
 * client assertion; issues ES256 access tokens ARM accepts (see {@link #verifyAccessToken}).
 */
final class EntraApi {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final String EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
    /** Scopes accepted for ARM (the SDK asks for {@code managementEndpointUrl + "/.default"}). */
    static final Set<String> ARM_RESOURCES = Set.of("https://management.azure.com", "https://management.azure.com/",
            "https://management.core.windows.net", "https://management.core.windows.net/");
    static final String TOKEN_AUDIENCE = "https://management.core.windows.net/";
    static final long LIFETIME_SECONDS = 3599;
    /** The AKS Entra ID server application: the audience of tokens for AKS clusters' Kubernetes API (all clouds). */
    public static final String AKS_SERVER_APP = "6dae42f8-4368-4678-94ff-3960e28e3630";
    /** Microsoft's public client apps a person signs in with: AKS's (kubelogin's default) and the Azure CLI. */
    static final Set<String> PUBLIC_CLIENTS = Set.of("80faf920-1908-4b52-b5ef-a8e7bedfc67a",
            "04b07795-8ddb-461a-bbee-02f9e1bf7b46");

    private final AzureDirectory directory;
    private final ObjectMapper json;
    private final Clock clock;
    /** The access tokens' signing key (ES256), made once per JVM. */
    private static ECKey sharedKey;
    private final ECKey signingKey;
    private final JWSVerifier verifier;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    EntraApi(AzureDirectory directory, ObjectMapper json, Clock clock) {
        this.directory = directory;
        this.json = json;
        this.clock = clock;
        try {
            this.signingKey = signingKey();
            this.verifier = new ECDSAVerifier(signingKey.toECPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized ECKey signingKey() throws JOSEException {
        if (sharedKey == null) {
            sharedKey = new ECKeyGenerator(Curve.P_256).keyID("azure-sim-" + UUID.randomUUID()).generate();
        }
        return sharedKey;
    }

    /** {@code POST /{tenant}/oauth2/v2.0/token}. Sets the caller as soon as tenant and app are known. */
    Reply token(String tenantRef, Map<String, String> form, Caller[] caller, Runnable faults) {
        AzureDirectory.Tenant tenant = directory.tenant(tenantRef).orElseThrow(() -> AzureError.entra(400, "invalid_request", 90002,
                "Tenant '" + tenantRef + "' not found. Check to make sure you have the correct tenant ID and are signing"
                        + " into the correct cloud. Check with your subscription administrator, this may happen if there are"
                        + " no active subscriptions for the tenant."));
        faults.run();
        String grant = form.get("grant_type");
        if (grant == null) {
            throw AzureError.entra(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        }
        if (grant.equals("password")) {
            return ropc(tenant, form, caller);
        }
        if (!grant.equals("client_credentials")) {
            throw AzureError.entra(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '" + grant
                    + "'. The simulator supports client_credentials and password only.");
        }
        String clientId = form.get("client_id");
        if (clientId == null || clientId.isBlank()) {
            throw AzureError.entra(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
        }
        caller[0] = new Caller(tenant.id(), clientId, null);
        AzureDirectory.App app = tenant.apps().get(AzureDirectory.key(clientId));
        if (app == null) {
            throw AzureError.entra(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + tenant.displayName() + "'. This can happen if the application"
                    + " has not been installed by the administrator of the tenant or consented to by any user in the tenant."
                    + " You may have sent your authentication request to the wrong tenant.");
        }
        String scope = form.get("scope");
        if (scope == null || scope.isBlank()) {
            throw AzureError.entra(400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
        }
        String resource = null;
        for (String s : scope.split(" ")) {
            if (s.endsWith("/.default")) {
                resource = s.substring(0, s.length() - "/.default".length());
            }
        }
        if (resource == null) {
            throw AzureError.entra(400, "invalid_scope", 1002012, "The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        }
        String audience = audience(tenant, resource);
        String secret = form.get("client_secret");
        String assertion = form.get("client_assertion");
        if (secret != null) {
            if (!app.secrets().contains(secret)) {
                throw AzureError.entra(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent"
                        + " in the request is the client secret value, not the client secret ID, for a secret added to app '" + clientId + "'.");
            }
        } else if (assertion != null) {
            if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
                throw AzureError.entra(400, "invalid_request", 50027, "client_assertion_type must be " + ASSERTION_TYPE);
            }
            verifyAssertion(app, assertion);
        } else {
            throw AzureError.entra(401, "invalid_client", 7000218, "The request body must contain the following parameter:"
                    + " 'client_assertion' or 'client_secret'.");
        }
        Instant now = clock.instant();
        String accessToken = issue(tenant, app, now, audience);
        ObjectNode body = json.createObjectNode();
        body.put("token_type", "Bearer");
        body.put("expires_in", LIFETIME_SECONDS);
        body.put("ext_expires_in", LIFETIME_SECONDS);
        body.put("refresh_in", 1799);
        body.put("access_token", accessToken);
        return Reply.json(200, body).header("Cache-Control", "no-store, no-cache").header("Pragma", "no-cache");
    }

    /** The audience of a token for {@code resource} (ARM or the AKS server app), or Entra's AADSTS500011. */
    private static String audience(AzureDirectory.Tenant tenant, String resource) {
        if (ARM_RESOURCES.contains(resource) || ARM_RESOURCES.contains(resource + "/")) {
            return TOKEN_AUDIENCE;
        }
        if (resource.equalsIgnoreCase(AKS_SERVER_APP)) {
            return AKS_SERVER_APP;
        }
        throw AzureError.entra(400, "invalid_resource", 500011, "The resource principal named " + resource
                + " was not found in the tenant named " + tenant.displayName() + ". This can happen if the application has"
                + " not been installed by the administrator of the tenant or consented to by any user in the tenant. You"
                + " might have sent your authentication request to the wrong tenant. (The simulator serves Azure Resource"
                + " Manager and the AKS server application " + AKS_SERVER_APP + ".)");
    }

    /**
     * The resource-owner password credentials grant (ROPC; kubelogin's {@code --login ropc}): a public client sends the
     * person's user name and password; the v1 access token for the resource carries the person's {@code oid},
     * {@code upn} and the object ids of their security groups ({@code groups}), as the AKS server app is configured to
     * receive them.
     */
    private Reply ropc(AzureDirectory.Tenant tenant, Map<String, String> form, Caller[] caller) {
        String clientId = form.get("client_id");
        if (clientId == null || clientId.isBlank()) {
            throw AzureError.entra(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
        }
        caller[0] = new Caller(tenant.id(), clientId, null);
        if (!PUBLIC_CLIENTS.contains(clientId.toLowerCase(java.util.Locale.ROOT))) {
            if (tenant.apps().containsKey(AzureDirectory.key(clientId))) {
                throw AzureError.entra(401, "invalid_client", 7000218, "The request body must contain the following parameter:"
                        + " 'client_assertion' or 'client_secret'.");
            }
            throw AzureError.entra(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + tenant.displayName() + "'.");
        }
        for (String p : List.of("username", "password", "scope")) {
            if (form.get(p) == null || form.get(p).isBlank()) {
                throw AzureError.entra(400, "invalid_request", 900144, "The request body must contain the following parameter: '" + p + "'.");
            }
        }
        String resource = null;
        for (String s : form.get("scope").split(" ")) {
            if (s.endsWith("/.default")) {
                resource = s.substring(0, s.length() - "/.default".length());
            } else if (!Set.of("openid", "profile", "offline_access").contains(s)) {
                throw AzureError.entra(400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not"
                        + " valid. The scope " + s + " is not valid.");
            }
        }
        if (resource == null) {
            throw AzureError.entra(400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not"
                    + " valid. The scope " + form.get("scope") + " is not valid.");
        }
        String audience = audience(tenant, resource);
        AzureDirectory.User user = directory.user(tenant.id(), form.get("username")).orElseThrow(() -> AzureError.entra(400,
                "invalid_grant", 50034, "The user account {EUII Hidden} does not exist in the " + tenant.id()
                        + " directory. To sign into this application, the account must be added to the directory."));
        if (!user.password().equals(form.get("password"))) {
            throw AzureError.entra(400, "invalid_grant", 50126, "Error validating credentials due to invalid username or password.");
        }
        caller[0] = new Caller(tenant.id(), clientId, user.objectId());
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("https://sts.windows.net/" + tenant.id() + "/")
                .audience(audience)
                .subject(UUID.nameUUIDFromBytes(("sub/" + user.objectId() + "/" + clientId).getBytes()).toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(LIFETIME_SECONDS)))
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", tenant.id()).claim("oid", user.objectId()).claim("upn", user.upn())
                .claim("unique_name", user.upn()).claim("appid", clientId.toLowerCase(java.util.Locale.ROOT))
                .claim("scp", "user.read").claim("groups", user.groups()).claim("idtyp", "user").claim("ver", "1.0");
        ObjectNode body = json.createObjectNode();
        body.put("token_type", "Bearer");
        body.put("scope", resource + "/user.read");
        body.put("expires_in", LIFETIME_SECONDS);
        body.put("ext_expires_in", LIFETIME_SECONDS);
        body.put("access_token", sign(claims.build()));
        return Reply.json(200, body).header("Cache-Control", "no-store, no-cache").header("Pragma", "no-cache");
    }

    String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The claims of a token presented to an AKS cluster's API, checked as AKS does (signature by Entra ID, audience the
     * AKS server app, issuer the cluster's tenant (v1 or v2 form), not expired), or null with {@code why[0]} set.
     */
    JWTClaimsSet verifyAksToken(String token, String tenantId, String[] why) {
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(verifier)) {
                why[0] = "signature";
                return null;
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            why[0] = "not a signed JWT";
            return null;
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(AKS_SERVER_APP)
                && !claims.getAudience().contains("spn:" + AKS_SERVER_APP)) {
            why[0] = "audience " + claims.getAudience();
            return null;
        }
        String iss = String.valueOf(claims.getIssuer());
        if (!iss.equals("https://sts.windows.net/" + tenantId + "/") && !iss.equals("https://login.microsoftonline.com/" + tenantId + "/v2.0")) {
            why[0] = "issuer " + iss;
            return null;
        }
        if (claims.getExpirationTime() == null || !clock.instant().isBefore(claims.getExpirationTime().toInstant())) {
            why[0] = "expired";
            return null;
        }
        return claims;
    }

    private String issue(AzureDirectory.Tenant tenant, AzureDirectory.App app, Instant now, String audience) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("https://sts.windows.net/" + tenant.id() + "/")
                .audience(audience)
                .subject(app.objectId())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(LIFETIME_SECONDS)))
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", tenant.id()).claim("appid", app.clientId()).claim("oid", app.objectId())
                .claim("idtyp", "app").claim("ver", "1.0").build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The caller of an ARM request, from its {@code Authorization: Bearer} token issued here. */
    Caller verifyAccessToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw AzureError.arm(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }
        String token = authorization.substring(7).trim();
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(verifier)) {
                throw AzureError.arm(401, "InvalidAuthenticationToken", "The access token is invalid (signature).");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw AzureError.arm(401, "InvalidAuthenticationToken", "The access token is invalid.");
        }
        if (claims.getExpirationTime() == null || claims.getExpirationTime().toInstant().isBefore(clock.instant())) {
            throw AzureError.arm(401, "ExpiredAuthenticationToken", "The access token expiry UTC time '"
                    + claims.getExpirationTime() + "' is earlier than current UTC time '" + clock.instant() + "'.");
        }
        if (!claims.getAudience().contains(TOKEN_AUDIENCE)) {
            throw AzureError.arm(401, "InvalidAuthenticationToken", "The access token has an invalid audience.");
        }
        return new Caller((String) claims.getClaim("tid"), (String) claims.getClaim("appid"), (String) claims.getClaim("oid"));
    }

    private void verifyAssertion(AzureDirectory.App app, String assertion) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw AzureError.entra(400, "invalid_client", 50027, "JWT token is invalid or malformed.");
        }
        String iss = claims.getIssuer();
        String sub = claims.getSubject();
        List<String> aud = claims.getAudience();
        String presented = "Assertion Issuer: '" + iss + "'. Assertion Subject: '" + sub + "'. Assertion Audience: '"
                + String.join(",", aud) + "'.";
        List<AzureDirectory.FederatedCredential> byIssuer = app.federatedCredentials().stream()
                .filter(f -> f.issuer().equals(iss)).toList();
        List<AzureDirectory.FederatedCredential> matching = byIssuer.stream().filter(f -> f.subject().equals(sub)).toList();
        if (matching.isEmpty()) {
            throw AzureError.entra(400, "invalid_client", 70021, "No matching federated identity record found for presented"
                    + " assertion. " + presented + " Please check your federated identity credential Subject, Audience and"
                    + " Issuer against the presented assertion.");
        }
        if (matching.stream().noneMatch(f -> aud.stream().anyMatch(f.audiences()::contains))) {
            throw AzureError.entra(400, "invalid_client", 700212, "No matching federated identity record found for presented"
                    + " assertion audience '" + String.join(",", aud) + "'. " + presented);
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        if (exp == null || exp.toInstant().isBefore(now.minusSeconds(60)) || (nbf != null && nbf.toInstant().isAfter(now.plusSeconds(300)))) {
            throw AzureError.entra(400, "invalid_client", 700024, "Client assertion is not within its valid time range. Current"
                    + " time: " + now + ", assertion valid from " + (nbf == null ? "-" : nbf.toInstant()) + ", expiry time of"
                    + " assertion " + (exp == null ? "-" : exp.toInstant()) + ".");
        }
        JWKSet keys = issuerKeys(iss);
        JWK jwk = jwt.getHeader().getKeyID() == null ? (keys.getKeys().size() == 1 ? keys.getKeys().get(0) : null)
                : keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        try {
            if (jwk == null) {
                throw AzureError.entra(400, "invalid_client", 700027, "Client assertion failed signature validation: no key '"
                        + jwt.getHeader().getKeyID() + "' in the issuer's JWKS (" + iss + ").");
            }
            Key key = jwk instanceof RSAKey rsa ? rsa.toRSAPublicKey()
                    : jwk instanceof com.nimbusds.jose.jwk.ECKey ec ? ec.toECPublicKey() : null;
            if (key == null || !jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), key))) {
                throw AzureError.entra(400, "invalid_client", 700027, "Client assertion failed signature validation.");
            }
        } catch (JOSEException e) {
            throw AzureError.entra(400, "invalid_client", 700027, "Client assertion failed signature validation: " + e.getMessage());
        }
    }

    /** The issuer's signing keys, from its OpenID discovery document's {@code jwks_uri}. */
    private JWKSet issuerKeys(String issuer) {
        try {
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            JsonNode discovery = json.readTree(get(base + "/.well-known/openid-configuration"));
            String jwksUri = discovery.path("jwks_uri").asText(null);
            if (jwksUri == null) {
                throw new IllegalStateException("no jwks_uri");
            }
            return JWKSet.parse(get(jwksUri));
        } catch (AzureError e) {
            throw e;
        } catch (Exception e) {
            throw AzureError.entra(400, "invalid_client", 50166, "Request to External OIDC endpoint failed: could not read the"
                    + " OpenID configuration or keys of issuer '" + issuer + "' (" + e.getMessage() + ").");
        }
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** {@code GET /{tenant}/v2.0/.well-known/openid-configuration} (and the v1 one). */
    Reply openIdConfiguration(String base, String tenantRef) {
        AzureDirectory.Tenant tenant = directory.tenant(tenantRef).orElseThrow(() -> AzureError.entra(400, "invalid_tenant", 90002,
                "Tenant '" + tenantRef + "' not found."));
        ObjectNode o = json.createObjectNode();
        String t = base + "/" + tenant.id();
        o.put("token_endpoint", t + "/oauth2/v2.0/token");
        o.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("private_key_jwt").add("client_secret_basic");
        o.put("jwks_uri", t + "/discovery/v2.0/keys");
        o.putArray("response_modes_supported").add("query").add("fragment").add("form_post");
        o.putArray("subject_types_supported").add("pairwise");
        o.putArray("id_token_signing_alg_values_supported").add("ES256");
        o.putArray("response_types_supported").add("code").add("id_token").add("code id_token").add("id_token token");
        o.putArray("scopes_supported").add("openid").add("profile").add("email").add("offline_access");
        o.put("issuer", t + "/v2.0");
        o.put("authorization_endpoint", t + "/oauth2/v2.0/authorize");
        o.put("device_authorization_endpoint", t + "/oauth2/v2.0/devicecode");
        o.put("end_session_endpoint", t + "/oauth2/v2.0/logout");
        o.put("tenant_region_scope", "EU");
        o.put("cloud_instance_name", "microsoftonline.com");
        return Reply.json(200, o);
    }

    /** {@code GET /{tenant}/discovery/v2.0/keys}: the public key of the access tokens. */
    Reply keys() {
        try {
            return Reply.json(200, json.readTree(new JWKSet(signingKey.toPublicJWK()).toString()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /common/discovery/instance}: instance discovery, in case a client does not disable it. */
    Reply instanceDiscovery(String base) {
        String host = URI.create(base).getAuthority();
        ObjectNode o = json.createObjectNode();
        o.put("tenant_discovery_endpoint", base + "/common/v2.0/.well-known/openid-configuration");
        o.put("api-version", "1.1");
        ObjectNode m = o.putArray("metadata").addObject();
        m.put("preferred_network", host);
        m.put("preferred_cache", host);
        m.putArray("aliases").add(host);
        return Reply.json(200, o);
    }
}
