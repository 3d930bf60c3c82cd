package io.roleport.testenv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local IdP's sign-in round trip, as the application's OIDC client will do it: authorization request → login
 * page → form POST → redirect with a code → token request → ID token with the demo user's claims.
 */
class LocalIdpTest {

    private static final String REDIRECT = "http://127.0.0.1:8080/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalIdp idp;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        idp = LocalIdp.start(0);
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stop() {
        if (idp != null) {
            idp.close();
        }
    }

    /** The token a test hands to the AWS CLI as the person's own sign-in names the issuer accounts trust. */
    @Test
    void anIdTokenOfAPersonNamesTheLoopbackIssuerRoleportsClientAndTheirGroups() throws Exception {
        com.nimbusds.jwt.SignedJWT token = com.nimbusds.jwt.SignedJWT.parse(idp.idToken("gus"));
        assertEquals(idp.issuer(), token.getJWTClaimsSet().getIssuer());
        assertEquals(List.of(LocalIdp.CLIENT_ID), token.getJWTClaimsSet().getAudience());
        assertEquals("gus", token.getJWTClaimsSet().getSubject());
        assertEquals(LocalIdp.DEMO_USERS.get("gus"), token.getJWTClaimsSet().getStringListClaim("groups"));
        assertTrue(token.getJWTClaimsSet().getExpirationTime().after(new java.util.Date()));
    }

    @Test
    void discoveryNamesTheLoopbackIssuer() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(idp.discoveryUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        JsonNode doc = JSON.readTree(response.body());
        assertEquals(idp.issuer(), doc.get("issuer").asText());
        assertTrue(idp.issuer().matches("http://127\\.0\\.0\\.1:\\d+/roleport"), idp.issuer());
        assertEquals(idp.tokenEndpoint(), doc.get("token_endpoint").asText());
    }

    @Test
    void loginPageListsEveryDemoUserWithTheSameGroups() throws IOException {
        String page = Files.readString(ProjectPaths.resolve(LocalIdp.LOGIN_PAGE));
        for (Map.Entry<String, List<String>> user : LocalIdp.DEMO_USERS.entrySet()) {
            String groups = user.getValue().stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(", "));
            assertTrue(page.contains("value=\"" + user.getKey() + "\""), "button for " + user.getKey());
            assertTrue(page.contains(user.getKey() + ": [" + groups + "]"), "script groups of " + user.getKey());
        }
    }

    @Test
    void demoUserSignsInAndTheIdTokenCarriesItsGroups() throws Exception {
        for (String user : List.of("alice", "tara")) {
            JsonNode idToken = signIn(user, JSON.writeValueAsString(LocalIdp.claims(user)));
            assertEquals(user, idToken.get("sub").asText());
            assertEquals(user, idToken.get("preferred_username").asText());
            assertEquals(user + "@example.test", idToken.get("email").asText());
            assertEquals(idp.issuer(), idToken.get("iss").asText());
            assertEquals("nonce-" + user, idToken.get("nonce").asText());
            assertEquals(LocalIdp.DEMO_USERS.get(user), JSON.convertValue(idToken.get("groups"), List.class));
            JsonNode aud = idToken.get("aud");
            String audience = aud.isArray() ? aud.get(0).asText() : aud.asText();
            assertEquals(LocalIdp.CLIENT_ID, audience);
        }
    }

    @Test
    void endSessionRefusesALogoutWithoutAValidHintLikeKeycloak() throws Exception {
        String idToken = idToken("alice", JSON.writeValueAsString(LocalIdp.claims("alice")));
        String endSession = idp.issuer() + "/endsession";
        String tampered = idToken.substring(0, idToken.length() - 4)
                + (idToken.endsWith("AAAA") ? "BBBB" : "AAAA");
        int before = idp.endedSessions().size();

        for (String query : List.of("client_id=roleport",
                form(Map.of("id_token_hint", tampered, "client_id", LocalIdp.CLIENT_ID)),
                form(Map.of("id_token_hint", idToken, "client_id", "another-client")))) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(endSession + "?" + query)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, refused.statusCode(), query + ": " + refused.body());
        }
        assertEquals(before, idp.endedSessions().size(), "nothing ended");

        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(endSession + "?" + form(Map.of(
                "id_token_hint", idToken, "client_id", LocalIdp.CLIENT_ID,
                "post_logout_redirect_uri", "http://127.0.0.1:8080/")))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, accepted.statusCode(), accepted.body());
        assertEquals("http://127.0.0.1:8080/", accepted.headers().firstValue("Location").orElseThrow());
        assertEquals(new LocalIdp.EndedSession("roleport", "alice", LocalIdp.CLIENT_ID),
                idp.endedSessions().get(idp.endedSessions().size() - 1));
    }

    @Test
    void aRefreshCarriesTheGroupsOfNowRotatesTheTokenAndEndsForADisabledUser() throws Exception {
        JsonNode first = JSON.readTree(tokenResponse("rhea", JSON.writeValueAsString(Map.of(
                "sub", "rhea", "preferred_username", "rhea", "groups", List.of("acme-devs")))).body());
        String refreshToken = first.get("refresh_token").asText();
        assertEquals(List.of("acme-devs"), JSON.convertValue(payload(first.get("id_token").asText()).get("groups"),
                List.class));

        idp.directory().setGroups("rhea", List.of("globex-leads"));
        HttpResponse<String> refreshed = refresh(refreshToken, LocalIdp.CLIENT_ID);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonNode renewed = payload(JSON.readTree(refreshed.body()).get("id_token").asText());
        assertEquals("rhea", renewed.get("sub").asText());
        assertEquals(idp.issuer(), renewed.get("iss").asText());
        assertEquals(List.of("globex-leads"), JSON.convertValue(renewed.get("groups"), List.class));
        assertTrue(renewed.get("nonce") == null, "a refreshed ID token answers no authentication request");

        assertEquals(400, refresh(refreshToken, LocalIdp.CLIENT_ID).statusCode(), "a refresh token is single-use");
        String next = JSON.readTree(refreshed.body()).get("refresh_token").asText();
        assertEquals(400, refresh(next, "another-client").statusCode(), "only for the client it was issued to");

        String newest = JSON.readTree(tokenResponse("rhea", JSON.writeValueAsString(Map.of("sub", "rhea")))
                .body()).get("refresh_token").asText();
        idp.directory().disable("rhea");
        HttpResponse<String> refused = refresh(newest, LocalIdp.CLIENT_ID);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("invalid_grant", JSON.readTree(refused.body()).get("error").asText());
    }

    @Test
    void anIdTokenLivesAsLongAsTheDirectorySays() throws Exception {
        idp.directory().tokenLifetime("quinn", java.time.Duration.ofSeconds(5));
        JsonNode token = payload(JSON.readTree(tokenResponse("quinn", JSON.writeValueAsString(Map.of("sub", "quinn")))
                .body()).get("id_token").asText());
        assertEquals(5, token.get("exp").asLong() - token.get("iat").asLong());
    }

    private HttpResponse<String> refresh(String refreshToken, String clientId) throws Exception {
        String basic = Base64.getEncoder().encodeToString(
                (clientId + ":" + LocalIdp.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(idp.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "grant_type", "refresh_token", "refresh_token", refreshToken))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode payload(String jwt) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    /** Runs the authorization-code flow for {@code user}, posting {@code claims} as the login page does. */
    private JsonNode signIn(String user, String claims) throws Exception {
        String jwt = idToken(user, claims);
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    /** The ID token (as sent) of a sign-in of {@code user}. */
    private String idToken(String user, String claims) throws Exception {
        return JSON.readTree(tokenResponse(user, claims).body()).get("id_token").asText();
    }

    /** The token endpoint's answer to the code of a sign-in of {@code user}. */
    private HttpResponse<String> tokenResponse(String user, String claims) throws Exception {
        String authorize = idp.authorizationEndpoint() + "?" + form(Map.of(
                "client_id", LocalIdp.CLIENT_ID,
                "response_type", "code",
                "scope", "openid profile email",
                "redirect_uri", REDIRECT,
                "state", "state-" + user,
                "nonce", "nonce-" + user));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Sign in to Roleport"), "our login page is served");

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(authorize))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "claims", claims))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, posted.statusCode(), posted.body());
        URI location = URI.create(posted.headers().firstValue("Location").orElseThrow());
        assertTrue(location.toString().startsWith(REDIRECT), location.toString());
        Map<String, String> callback = parseQuery(location.getRawQuery());
        assertEquals("state-" + user, callback.get("state"));

        String basic = Base64.getEncoder().encodeToString(
                (LocalIdp.CLIENT_ID + ":" + LocalIdp.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(idp.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "grant_type", "authorization_code",
                        "code", callback.get("code"),
                        "redirect_uri", REDIRECT))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        return token;
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            result.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return result;
    }
}
