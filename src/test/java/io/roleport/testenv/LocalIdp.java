package io.roleport.testenv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The local OpenID Connect provider of local mode and the tests: mock-oauth2-server running in-process on 127.0.0.1
 * with issuer id {@value #ISSUER_ID}, so the issuer is {@code http://127.0.0.1:<port>/roleport}.
 *
 * <p>Sign-in is interactive: the authorization endpoint shows {@code config/local-idp/login.html}, which lists the
 * {@linkplain #DEMO_USERS demo users} and lets a person type any user name; its script posts the user's ID-token
 * claims ({@code sub}, {@code preferred_username}, {@code name}, {@code email}, {@code groups}) with the form.
 * Any client id and secret are accepted; the application uses {@value #CLIENT_ID} /
 * {@value #CLIENT_SECRET}.
 */
public final class LocalIdp implements AutoCloseable {

    /** mock-oauth2-server issuer id: the path segment of the issuer URL. */
    public static final String ISSUER_ID = "roleport";
    /** The application's client id. */
    public static final String CLIENT_ID = "roleport";
    /** The application's client secret (the provider accepts any). */
    public static final String CLIENT_SECRET = "roleport-local-client-secret";
    /** The login page, relative to the project root. */
    public static final String LOGIN_PAGE = "config/local-idp/login.html";

    /** A demo user: user name, the groups claim, and what the default mappings make of it (for people). */
    public record DemoUser(String name, List<String> groups, String role, String org) {
    }

    /** The demo users in the order the README and the login page show them. */
    public static final List<DemoUser> DEMO = List.of(
            new DemoUser("alice", List.of("acme-leads"), "org-admin (team lead)", "acme"),
            new DemoUser("bob", List.of("acme-devs"), "member", "acme"),
            new DemoUser("gus", List.of("globex-leads"), "org-admin", "globex"),
            new DemoUser("ivan", List.of("isvco-admins"), "org-admin (ISV)", "isvco"),
            new DemoUser("tara", List.of("tailspin-users"), "third-party", "tailspin"),
            new DemoUser("olga", List.of("roleport-operators"), "platform-admin", "all"),
            new DemoUser("sam", List.of("roleport-support"), "support", "all (support sessions)"));

    /** Demo user name → its {@code groups} claim. */
    public static final Map<String, List<String>> DEMO_USERS = DEMO.stream().collect(Collectors.toMap(
            DemoUser::name, DemoUser::groups, (a, b) -> a, LinkedHashMap::new));

    private static final Logger LOG = LoggerFactory.getLogger(LocalIdp.class);

    private final MockOAuth2Server server;
    private final int port;

    private final EndSession endSession;
    private final LocalIdpTokens.Directory directory;

    private LocalIdp(MockOAuth2Server server, int port, EndSession endSession, LocalIdpTokens.Directory directory) {
        this.server = server;
        this.port = port;
        this.endSession = endSession;
        this.directory = directory;
    }

    /**
     * The users as this provider knows them now: change a user's groups, disable them or shorten their tokens'
     * lifetime, and the next code exchange or token refresh reflects it (as at a real provider).
     */
    public LocalIdpTokens.Directory directory() {
        return directory;
    }

    /** A logout the end-session endpoint accepted: the issuer id, the subject of the hint, the client. */
    public record EndedSession(String issuerId, String subject, String clientId) {
    }

    /** The logouts accepted so far, oldest first. */
    public List<EndedSession> endedSessions() {
        return List.copyOf(endSession.ended);
    }

    /**
     * The end-session endpoint ({@code /{issuer id}/endsession}) as real providers (Keycloak) have it: a logout
     * without {@code id_token_hint}, or with one this provider did not sign for that issuer (or for another client
     * than {@code client_id}), is refused with an error page; an accepted one goes to {@code post_logout_redirect_uri}.
     */
    static final class EndSession implements no.nav.security.mock.oauth2.http.Route {
        private final OAuth2Config config;
        final java.util.concurrent.CopyOnWriteArrayList<EndedSession> ended = new java.util.concurrent.CopyOnWriteArrayList<>();

        EndSession(OAuth2Config config) {
            this.config = config;
        }

        @Override
        public boolean match(no.nav.security.mock.oauth2.http.OAuth2HttpRequest request) {
            List<String> segments = request.getUrl().pathSegments();
            return segments.size() == 2 && segments.get(1).equals("endsession");
        }

        @Override
        public no.nav.security.mock.oauth2.http.OAuth2HttpResponse invoke(
                no.nav.security.mock.oauth2.http.OAuth2HttpRequest request) {
            String issuerId = request.getUrl().pathSegments().get(0);
            String hint = request.getUrl().queryParameter("id_token_hint");
            if (hint == null || hint.isBlank()) {
                return refused("Missing parameters: id_token_hint");
            }
            String clientId = request.getUrl().queryParameter("client_id");
            try {
                com.nimbusds.jwt.SignedJWT token = com.nimbusds.jwt.SignedJWT.parse(hint);
                com.nimbusds.jose.jwk.JWK key = config.getTokenProvider().publicJwkSet(issuerId)
                        .getKeyByKeyId(token.getHeader().getKeyID());
                var claims = token.getJWTClaimsSet();
                if (key == null || !token.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key.toRSAKey()))
                        || claims.getIssuer() == null || !claims.getIssuer().endsWith("/" + issuerId)
                        || clientId != null && !claims.getAudience().contains(clientId)) {
                    return refused("Invalid IDToken");
                }
                ended.add(new EndedSession(issuerId, claims.getSubject(), clientId));
            } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
                return refused("Invalid IDToken");
            }
            String back = request.getUrl().queryParameter("post_logout_redirect_uri");
            return back == null
                    ? no.nav.security.mock.oauth2.http.OAuth2HttpResponseKt.html("<!DOCTYPE html><title>Signed out</title>"
                            + "<h1 id=\"signedOut\">You are signed out</h1>")
                    : no.nav.security.mock.oauth2.http.OAuth2HttpResponseKt.redirect(back, okhttp3.Headers.of());
        }

        private static no.nav.security.mock.oauth2.http.OAuth2HttpResponse refused(String error) {
            return new no.nav.security.mock.oauth2.http.OAuth2HttpResponse(
                    okhttp3.Headers.of("Content-Type", "text/html;charset=UTF-8"), 400,
                    "<!DOCTYPE html><title>Error</title><h1 id=\"idpError\">" + error + "</h1>", null);
        }
    }

    /** Starts on 127.0.0.1:{@code port} ({@code 0} = a free port) with the project's login page. */
    public static LocalIdp start(int port) {
        return start(port, ProjectPaths.resolve(LOGIN_PAGE));
    }

    /** The cookie of the provider's own single sign-on session ({@link #startWithSingleSignOn}). */
    public static final String SSO_COOKIE = "localidp_sso";

    /**
     * Starts on 127.0.0.1:{@code port} ({@code 0} = a free port) with a single sign-on session, as Keycloak or Entra
     * ID have one: once a person signed in with this browser, the provider remembers them (a cookie of its own,
     * {@value #SSO_COOKIE}, on the issuer's path) and answers the next authorization request without asking
     * anything (its login page submits itself for the remembered user). The shared test provider has none (tests
     * sign in as several people one after the other); the login page with the extra script goes to {@code folder}.
     */
    public static LocalIdp startWithSingleSignOn(int port, Path folder) {
        try {
            String page = Files.readString(ProjectPaths.resolve(LOGIN_PAGE));
            String sso = """
                    <script>
                      // Single sign-on session of the provider (LocalIdp.startWithSingleSignOn).
                      (function () {
                        const name = "%1$s=";
                        const remembered = document.cookie.split("; ").find(c => c.startsWith(name));
                        if (remembered) {
                          const form = document.getElementById("custom-form");
                          form.elements.username.value = decodeURIComponent(remembered.substring(name.length));
                          form.requestSubmit();
                          return;
                        }
                        document.addEventListener("submit", function (event) {
                          const form = event.target;
                          const user = form.id === "demo-form" ? (event.submitter ? event.submitter.value : "")
                              : form.elements.username.value.trim();
                          if (user) {
                            document.cookie = name + encodeURIComponent(user) + "; path=/%2$s; SameSite=Lax";
                          }
                        }, true);
                      })();
                    </script>
                    </body>""".formatted(SSO_COOKIE, ISSUER_ID);
            if (!page.contains("</body>")) {
                throw new IllegalStateException(LOGIN_PAGE + " has no </body>");
            }
            Files.createDirectories(folder);
            Path withSso = folder.resolve("login-sso.html");
            Files.writeString(withSso, page.replace("</body>", sso));
            return start(port, withSso);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts on 127.0.0.1:{@code port} ({@code 0} = a free port) with the given login page file. */
    public static LocalIdp start(int port, Path loginPage) {
        if (!Files.isRegularFile(loginPage)) {
            throw new UncheckedIOException(new IOException("Login page not found: " + loginPage));
        }
        OAuth2Config config = new OAuth2Config(true, loginPage.toAbsolutePath().toString());
        EndSession endSession = new EndSession(config);
        LocalIdpTokens.Directory directory = new LocalIdpTokens.Directory();
        LocalIdpTokens tokens = new LocalIdpTokens(config, directory);
        MockOAuth2Server server = new MockOAuth2Server(config, endSession, tokens);
        try {
            server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (Exception e) { // Kotlin: IOException (port taken) is not declared
            throw new IllegalStateException("Local IdP could not start on port " + port + ": " + e.getMessage(), e);
        }
        int actual = server.baseUrl().port();
        tokens.listeningOn(actual);
        LocalIdp idp = new LocalIdp(server, actual, endSession, directory);
        LOG.info("Local OIDC provider: issuer {}", idp.issuer());
        return idp;
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>/roleport}: the issuer in tokens when reached on 127.0.0.1. */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/" + ISSUER_ID;
    }

    /**
     * An ID token of {@code user} for Roleport's client as a sign-in gives it (this issuer as Roleport knows it, the
     * user's groups, one hour): what a person holds to call AWS with their own sign-in. mock-oauth2-server's
     * {@code issueToken} would name {@code localhost} as the issuer, which no account trusts.
     */
    public String idToken(String user) {
        Map<String, Object> claims = new LinkedHashMap<>(claims(user));
        directory.groups(user).ifPresent(groups -> claims.put("groups", groups));
        claims.put("iss", issuer());
        claims.put("aud", CLIENT_ID);
        return server.getConfig().getTokenProvider().jwt(claims, java.time.Duration.ofHours(1), ISSUER_ID).serialize();
    }

    /** The OpenID discovery document's URL. */
    public String discoveryUrl() {
        return issuer() + "/.well-known/openid-configuration";
    }

    /** The authorization endpoint. */
    public String authorizationEndpoint() {
        return issuer() + "/authorize";
    }

    /** The token endpoint. */
    public String tokenEndpoint() {
        return issuer() + "/token";
    }

    /** The ID-token claims the login page posts for {@code user} (demo users get their groups, others none). */
    public static Map<String, Object> claims(String user) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user);
        claims.put("preferred_username", user);
        claims.put("name", user.isEmpty() ? user : Character.toUpperCase(user.charAt(0)) + user.substring(1));
        claims.put("email", user + "@example.test");
        claims.put("groups", DEMO_USERS.getOrDefault(user, List.of()));
        return claims;
    }

    /**
     * Redeems an authorization code at the token endpoint as the application would and returns the decoded ID token
     * claims (the signature is not checked here).
     */
    public JsonNode redeem(String code, String redirectUri) {
        String basic = Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=authorization_code&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> token = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Authorization", "Basic " + basic)
                            .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                throw new IllegalStateException("Token endpoint answered " + token.statusCode() + ": " + token.body());
            }
            ObjectMapper json = new ObjectMapper();
            String jwt = json.readTree(token.body()).get("id_token").asText();
            return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The underlying server, for tests that need more (issue a token directly, inspect requests). */
    public MockOAuth2Server server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (Exception e) { // Kotlin: undeclared IOException possible
            LOG.warn("Stopping the local IdP: {}", e.getMessage());
        }
    }
}
