package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies web identity tokens for STS {@code AssumeRoleWithWebIdentity} the way AWS does for an IAM OIDC
 * provider: fetches the issuer's {@code /.well-known/openid-configuration} and its JWKS (both cached per issuer;
 * the JWKS is fetched again once when a token names an unknown {@code kid}), checks the signature, {@code iss},
 * {@code aud} against the provider's client ids and {@code exp} against the simulator clock.
 *
 * <p>Errors as STS answers them: expired → 400 {@code ExpiredTokenException}; bad signature, unknown issuer or
 * unregistered audience → 400 {@code InvalidIdentityToken}.
 */
final class OidcTokenVerifier {

    /** A verified token: the matched provider, its audience and claims. */
    record Verified(Directory.OidcProvider provider, String audience, JWTClaimsSet claims) {
    }

    private final Directory directory;
    private final Clock clock;
    private final ObjectMapper json;
    /**
     * HTTP/1.1 (no h2c upgrade attempt against the provider) with generous timeouts: STS documents no timeout for
     * this fetch, and a loaded test machine must not turn a signature check into an IDPCommunicationError.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, JWKSet> jwksByIssuer = new ConcurrentHashMap<>();
    private final Map<String, String> jwksUriByIssuer = new ConcurrentHashMap<>();

    OidcTokenVerifier(Directory directory, Clock clock, ObjectMapper json) {
        this.directory = directory;
        this.clock = clock;
        this.json = json;
    }

    Verified verify(String token, String accountId) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (Exception e) {
            throw invalid("The web identity token is not a valid signed JWT");
        }
        String iss = claims.getIssuer();
        Directory.OidcProvider provider = iss == null ? null : directory.oidcProvider(accountId, iss);
        if (provider == null) {
            throw invalid("No OpenIDConnect provider found in your account for " + iss);
        }
        if (!signatureValid(jwt, provider.url())) {
            throw invalid("The web identity token signature could not be verified against the issuer's keys");
        }
        Date exp = claims.getExpirationTime();
        Instant now = clock.instant();
        if (exp == null || !now.isBefore(exp.toInstant())) {
            throw new AwsError(400, "ExpiredTokenException", "Token expired: current date/time " + now
                    + " must be before the expiration date/time " + (exp == null ? "(none)" : exp.toInstant()));
        }
        List<String> auds = claims.getAudience() == null ? List.of() : claims.getAudience();
        String audience = auds.stream().filter(provider.clientIds()::contains).findFirst().orElse(null);
        if (audience == null) {
            throw invalid("Incorrect token audience");
        }
        return new Verified(provider, audience, claims);
    }

    private boolean signatureValid(SignedJWT jwt, String issuer) {
        JWSHeader header = jwt.getHeader();
        for (int attempt = 0; attempt < 2; attempt++) {
            JWKSet keys = attempt == 0 ? jwksByIssuer.computeIfAbsent(issuer, this::fetchKeys) : refetch(issuer);
            for (JWK k : keys.getKeys()) {
                if (header.getKeyID() != null && !header.getKeyID().equals(k.getKeyID())) {
                    continue;
                }
                try {
                    JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(header,
                            ((AsymmetricJWK) k).toPublicKey());
                    if (jwt.verify(verifier)) {
                        return true;
                    }
                } catch (Exception e) {
                    // wrong key type for this algorithm: try the next key
                }
            }
        }
        return false;
    }

    private JWKSet refetch(String issuer) {
        JWKSet fresh = fetchKeys(issuer);
        jwksByIssuer.put(issuer, fresh);
        return fresh;
    }

    private JWKSet fetchKeys(String issuer) {
        try {
            String jwksUri = jwksUriByIssuer.get(issuer);
            if (jwksUri == null) {
                JsonNode conf = json.readTree(get(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration"));
                jwksUri = conf.path("jwks_uri").asText(null);
                if (jwksUri == null) {
                    throw invalid("The issuer's OpenID configuration has no jwks_uri");
                }
                jwksUriByIssuer.put(issuer, jwksUri);
            }
            return JWKSet.parse(get(jwksUri));
        } catch (AwsError e) {
            throw e;
        } catch (Exception e) {
            throw new AwsError(400, "IDPCommunicationError", "Couldn't retrieve verification key from your identity provider: " + e.getMessage());
        }
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode());
        }
        return r.body();
    }

    private static AwsError invalid(String message) {
        return new AwsError(400, "InvalidIdentityToken", message);
    }
}
