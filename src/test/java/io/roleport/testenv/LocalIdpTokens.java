package io.roleport.testenv;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local IdP's token endpoint ({@code /{issuer id}/token}) as a real provider (Keycloak, Entra ID) has it for
 * what Roleport relies on: the ID token reflects the user's groups <em>now</em> (the {@linkplain Directory
 * directory} a test changes), a disabled user's code or refresh token is refused with {@code invalid_grant}, refresh
 * tokens are single-use and rotate (a replayed one is refused), and ID tokens live as long as the directory says.
 *
 * <p>The authorization-code exchange itself (PKCE, code, redirect URI, nonce) is mock-oauth2-server's: this route
 * hands the request on to it and then re-issues the ID token with the directory's groups and lifetime, signed with the
 * same issuer key. Refresh grants are answered here entirely.
 */
public final class LocalIdpTokens implements Route {
    /** Marks the request this route hands on to mock-oauth2-server's own token endpoint. */
    private static final String INNER = "X-Local-Idp-Inner";
    /** What mock-oauth2-server gives a token by default, kept as the default here. */
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    private static final Set<String> TIME_CLAIMS = Set.of("iat", "nbf", "exp");

    private final OAuth2Config config;
    private final Directory directory;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private volatile int port;

    /** What a refresh token stands for: the issuer, the client it was issued to and the sign-in's claims. */
    private record Grant(String issuerId, String clientId, Map<String, Object> claims) {
    }

    LocalIdpTokens(OAuth2Config config, Directory directory) {
        this.config = config;
        this.directory = directory;
    }

    void listeningOn(int port) {
        this.port = port;
    }

    /**
     * The users as the identity provider knows them now: groups that replace those of the sign-in, users who are
     * disabled, and how long their ID tokens live. Changes apply at the next code exchange or refresh.
     */
    public static final class Directory {
        private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
        private final Set<String> disabled = ConcurrentHashMap.newKeySet();
        private final Map<String, Duration> lifetimes = new ConcurrentHashMap<>();

        /** From now on {@code user}'s tokens carry exactly these groups. */
        public void setGroups(String user, List<String> userGroups) {
            groups.put(user, List.copyOf(userGroups));
        }

        /** {@code user} may no longer sign in or refresh. */
        public void disable(String user) {
            disabled.add(user);
        }

        /** {@code user}'s ID tokens live this long (the default is an hour). */
        public void tokenLifetime(String user, Duration lifetime) {
            lifetimes.put(user, lifetime);
        }

        boolean isDisabled(String user) {
            return disabled.contains(user);
        }

        Optional<List<String>> groups(String user) {
            return Optional.ofNullable(groups.get(user));
        }

        Duration lifetime(String user) {
            return lifetimes.getOrDefault(user, DEFAULT_LIFETIME);
        }
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        List<String> segments = request.getUrl().pathSegments();
        return "POST".equals(request.getMethod()) && segments.size() == 2 && segments.get(1).equals("token")
                && request.getHeaders().get(INNER) == null;
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        String issuerId = request.getUrl().pathSegments().get(0);
        Map<String, String> form = form(request.getBody());
        try {
            return switch (form.getOrDefault("grant_type", "")) {
                case "authorization_code" -> code(request, issuerId, form);
                case "refresh_token" -> refresh(issuerId, form, clientId(request, form));
                default -> handOn(request);
            };
        } catch (IOException e) {
            return error(500, "server_error", "the token endpoint failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(500, "server_error", "interrupted");
        }
    }

    /** The code exchange by mock-oauth2-server, then the ID token re-issued with today's groups and lifetime. */
    private OAuth2HttpResponse code(OAuth2HttpRequest request, String issuerId, Map<String, String> form)
            throws IOException, InterruptedException {
        HttpResponse<String> inner = send(request);
        if (inner.statusCode() != 200) {
            return new OAuth2HttpResponse(okhttp3.Headers.of("Content-Type", "application/json"), inner.statusCode(),
                    inner.body(), null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = json.readValue(inner.body(), LinkedHashMap.class);
        Map<String, Object> claims = claimsOf((String) answer.get("id_token"));
        String user = String.valueOf(claims.get("sub"));
        if (directory.isDisabled(user)) {
            return error(400, "invalid_grant", "Account disabled");
        }
        String clientId = clientId(request, form);
        answer.put("id_token", issue(issuerId, user, claims, true));
        answer.put("refresh_token", newRefreshToken(new Grant(issuerId, clientId, claims)));
        answer.put("expires_in", directory.lifetime(user).toSeconds());
        return ok(answer);
    }

    /** A refresh: single use, for the client it was issued to, refused once the user is disabled. */
    private OAuth2HttpResponse refresh(String issuerId, Map<String, String> form, String clientId) throws IOException {
        String token = form.get("refresh_token");
        Grant grant = token == null ? null : refreshTokens.remove(token);
        if (grant == null || !grant.issuerId().equals(issuerId)) {
            return error(400, "invalid_grant", "Invalid refresh token");
        }
        if (clientId == null || !clientId.equals(grant.clientId())) {
            return error(400, "invalid_grant", "Token is not valid for this client");
        }
        String user = String.valueOf(grant.claims().get("sub"));
        if (directory.isDisabled(user)) {
            return error(400, "invalid_grant", "Account disabled");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token_type", "Bearer");
        String idToken = issue(issuerId, user, grant.claims(), false);
        answer.put("id_token", idToken);
        answer.put("access_token", idToken); // userinfo answers the claims of the access token it is given
        answer.put("refresh_token", newRefreshToken(grant));
        answer.put("expires_in", directory.lifetime(user).toSeconds());
        return ok(answer);
    }

    /** An ID token with the sign-in's claims, the directory's groups for the user and its lifetime. */
    private String issue(String issuerId, String user, Map<String, Object> signInClaims, boolean keepNonce) {
        Map<String, Object> claims = new LinkedHashMap<>(signInClaims);
        TIME_CLAIMS.forEach(claims::remove);
        if (!keepNonce) {
            claims.remove("nonce"); // a refreshed ID token answers no authentication request
        }
        directory.groups(user).ifPresent(groups -> claims.put("groups", groups));
        return config.getTokenProvider().jwt(claims, directory.lifetime(user), issuerId).serialize();
    }

    private String newRefreshToken(Grant grant) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        refreshTokens.put(token, grant);
        return token;
    }

    private OAuth2HttpResponse handOn(OAuth2HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> inner = send(request);
        return new OAuth2HttpResponse(okhttp3.Headers.of("Content-Type",
                inner.headers().firstValue("Content-Type").orElse("application/json")), inner.statusCode(),
                inner.body(), null);
    }

    private HttpResponse<String> send(OAuth2HttpRequest request) throws IOException, InterruptedException {
        HttpRequest.Builder inner = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + request.getUrl().encodedPath()))
                .timeout(Duration.ofSeconds(10))
                .header(INNER, "1")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(request.getBody() == null ? "" : request.getBody()));
        String authorization = request.getHeaders().get("Authorization");
        if (authorization != null) {
            inner.header("Authorization", authorization);
        }
        return http.send(inner.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The client: from HTTP Basic authentication (confidential clients) or the form's {@code client_id}. */
    private static String clientId(OAuth2HttpRequest request, Map<String, String> form) {
        String authorization = request.getHeaders().get("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return URLDecoder.decode(colon < 0 ? pair : pair.substring(0, colon), StandardCharsets.UTF_8);
        }
        return form.get("client_id");
    }

    private Map<String, Object> claimsOf(String jwt) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = json.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                LinkedHashMap.class);
        return claims;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }

    private OAuth2HttpResponse ok(Map<String, Object> answer) throws IOException {
        return new OAuth2HttpResponse(okhttp3.Headers.of("Content-Type", "application/json;charset=UTF-8",
                "Cache-Control", "no-store"), 200, json.writeValueAsString(answer), null);
    }

    private OAuth2HttpResponse error(int status, String error, String description) {
        try {
            return new OAuth2HttpResponse(okhttp3.Headers.of("Content-Type", "application/json;charset=UTF-8"),
                    status, json.writeValueAsString(Map.of("error", error, "error_description", description)), null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
