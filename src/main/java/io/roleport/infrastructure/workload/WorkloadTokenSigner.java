package io.roleport.infrastructure.workload;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs Roleport's workload identity tokens and describes the issuer that verifies them. A token is an RS256 JWT
 * with {@code kid}, {@code iss} = this issuer, {@code sub} = the subject asked for (one organization's
 * {@code roleport:org:<ExternalId>}), one {@code aud}, {@code iat} = {@code nbf} = now, {@code exp} = now +
 * {@value #LIFETIME_MINUTES} minutes and a fresh {@code jti}. Plain Java (no container), built from the configured
 * key by {@link WorkloadIdentityIssuer}; all cryptography is Nimbus JOSE's and the JDK's.
 */
public final class WorkloadTokenSigner {
  static final int LIFETIME_MINUTES = 5;
  /** How long a token is valid: long enough for one exchange at Entra ID, short enough to be useless when leaked. */
  public static final Duration LIFETIME = Duration.ofMinutes(LIFETIME_MINUTES);
  /** Where the JWKS is served, relative to the issuer. */
  public static final String JWKS_PATH = "/jwks";
  /** Where the discovery document is served, relative to the issuer (OpenID Connect Discovery). */
  public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private final String issuer;
  private final RSAKey key;
  private final JWKSet published;
  private final RSASSASigner signer;
  private final Clock clock;

  /**
   * @param issuer   the issuer URL, without a trailing slash
   * @param key      the private RSA signing key (with its {@code kid})
   * @param previous further keys to publish (their public parts only), e.g. the previous key during a rotation
   */
  public WorkloadTokenSigner(String issuer, RSAKey key, List<JWK> previous, Clock clock) {
    if (!key.isPrivate()) {
      throw new IllegalArgumentException("the workload signing key must be a private RSA key");
    }
    if (key.size() < 2048) {
      throw new IllegalArgumentException("the workload signing key must have at least 2048 bits, not " + key.size());
    }
    this.issuer = issuer;
    this.key = key;
    this.clock = clock;
    List<JWK> keys = new ArrayList<>();
    keys.add(key);
    previous.stream().filter(k -> !k.getKeyID().equals(key.getKeyID())).forEach(keys::add);
    this.published = new JWKSet(keys).toPublicJWKSet();
    try {
      this.signer = new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable workload signing key: " + e.getMessage(), e);
    }
  }

  public String issuer() {
    return issuer;
  }

  /** The key id tokens are signed with now. */
  public String keyId() {
    return key.getKeyID();
  }

  /** A new signed token for {@code subject} and {@code audience}, valid for {@link #LIFETIME}. */
  public String sign(String subject, String audience) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a workload token needs a subject");
    }
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(subject)
        .audience(audience)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(LIFETIME)))
        .jwtID(UUID.randomUUID().toString())
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
        .type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a workload token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  /** The public keys a relying party verifies tokens with: the signing key's and any previous ones, never private parts. */
  public JWKSet publicKeys() {
    return published;
  }

  /** The JWKS document ({@code {"keys":[...]}}), public parts only. */
  public String jwksJson() {
    return published.toString(true);
  }

  /** The OpenID discovery document of the issuer: what Entra ID reads to find the JWKS. */
  public String discoveryJson() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("issuer", issuer);
    d.put("jwks_uri", issuer + JWKS_PATH);
    d.put("response_types_supported", List.of("id_token"));
    d.put("subject_types_supported", List.of("public"));
    d.put("id_token_signing_alg_values_supported", List.of(JWSAlgorithm.RS256.getName()));
    d.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti"));
    return JSONObjectUtils.toJSONString(d);
  }

  /**
   * The signing key from its configured text: an RSA private JWK (JSON; its {@code kid}, or else its RFC 7638
   * thumbprint) or a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}; kid = thumbprint).
   */
  public static RSAKey parseSigningKey(String text) {
    List<JWK> keys = parseKeys(text);
    if (keys.size() != 1 || !(keys.get(0) instanceof RSAKey rsa) || !rsa.isPrivate()) {
      throw new IllegalArgumentException("roleport.workload-identity.signing-key must be exactly one private RSA key"
          + " (a JWK or a PKCS#8 PEM)");
    }
    return rsa;
  }

  /**
   * Keys from text: a JWK or a JWK set (JSON), or one or more PEM blocks ({@code PRIVATE KEY} in PKCS#8 or
   * {@code PUBLIC KEY}); each gets a {@code kid} (its own, or its RFC 7638 thumbprint).
   */
  public static List<JWK> parseKeys(String text) {
    String t = text == null ? "" : text.strip();
    try {
      List<JWK> keys = new ArrayList<>();
      if (t.startsWith("{")) {
        Map<String, Object> json = JSONObjectUtils.parse(t);
        List<JWK> parsed = json.containsKey("keys") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
        for (JWK k : parsed) {
          if (!(k instanceof RSAKey rsa)) {
            throw new IllegalArgumentException("only RSA keys are supported, not " + k.getKeyType());
          }
          keys.add(rsa.getKeyID() == null ? new RSAKey.Builder(rsa).keyIDFromThumbprint().build() : rsa);
        }
        return keys;
      }
      Matcher m = PEM.matcher(t);
      while (m.find()) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAKey.Builder builder = switch (m.group(1)) {
          case "PRIVATE KEY" -> {
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(
                new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            yield new RSAKey.Builder(pub).privateKey(priv);
          }
          case "PUBLIC KEY" -> new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der)));
          default -> throw new IllegalArgumentException("unsupported PEM block '" + m.group(1) + "': use PKCS#8"
              + " (openssl pkcs8 -topk8 -nocrypt) or a public key");
        };
        keys.add(builder.keyIDFromThumbprint().build());
      }
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("no key found: expected a JWK, a JWK set or PEM blocks");
      }
      return keys;
    } catch (ParseException | JOSEException | java.security.GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("unreadable workload identity key: " + e.getMessage(), e);
    }
  }
}
