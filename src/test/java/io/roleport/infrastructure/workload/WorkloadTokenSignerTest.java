package io.roleport.infrastructure.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.roleport.domain.ExternalId;
import io.roleport.domain.OrgKind;
import io.roleport.domain.Organization;
import io.roleport.domain.Slug;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Roleport's workload identity tokens: one subject per organization, Entra ID's audience, short-lived, published keys. */
class WorkloadTokenSignerTest {
  static final String ISSUER = "https://roleport.example.com/workload-identity";
  static final String AUDIENCE = "api://AzureADTokenExchange";
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  static RSAKey key;
  static RSAKey previous;

  @BeforeAll
  static void keys() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k2").generate();
    previous = new RSAKeyGenerator(2048).keyID("k1").generate();
  }

  private static WorkloadTokenSigner signer() {
    return new WorkloadTokenSigner(ISSUER, key, List.of(previous), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static Organization org(String slug, String externalId) {
    return new Organization(new Slug(slug), slug, OrgKind.TEAM, null, new ExternalId(externalId), NOW);
  }

  @Test
  void eachOrganizationsTokenCarriesItsOwnSubjectForEntraIdsAudienceAndLivesFiveMinutes() throws Exception {
    Organization a = org("org-a", "rp-3c6e0b8a5d2f41e7a9b0c1d2e3f40516");
    Organization b = org("org-b", "rp-9f1c2e7a4b3d5f60718293a4b5c6d7e8");

    SignedJWT tokenA = SignedJWT.parse(signer().sign(a.workloadSubject(), AUDIENCE));
    SignedJWT tokenB = SignedJWT.parse(signer().sign(b.workloadSubject(), AUDIENCE));

    JWTClaimsSet claims = tokenA.getJWTClaimsSet();
    assertEquals("roleport:org:rp-3c6e0b8a5d2f41e7a9b0c1d2e3f40516", claims.getSubject());
    assertEquals("roleport:org:rp-9f1c2e7a4b3d5f60718293a4b5c6d7e8", tokenB.getJWTClaimsSet().getSubject());
    assertEquals(ISSUER, claims.getIssuer());
    assertEquals(List.of(AUDIENCE), claims.getAudience());
    assertEquals(NOW, claims.getIssueTime().toInstant());
    assertEquals(NOW, claims.getNotBeforeTime().toInstant());
    assertEquals(NOW.plus(Duration.ofMinutes(5)), claims.getExpirationTime().toInstant());
    assertNotEquals(claims.getJWTID(), tokenB.getJWTClaimsSet().getJWTID(), "a fresh jti per token");
    assertEquals(JWSAlgorithm.RS256, tokenA.getHeader().getAlgorithm());
    assertEquals("k2", tokenA.getHeader().getKeyID());
    assertEquals(JOSEObjectType.JWT, tokenA.getHeader().getType());
    assertTrue(tokenA.verify(new RSASSAVerifier(key.toRSAPublicKey())));
    assertFalse(tokenA.verify(new RSASSAVerifier(previous.toRSAPublicKey())), "signed with the current key only");
  }

  @Test
  void theJwksPublishesOnlyPublicKeysTheCurrentAndThePreviousOne() throws Exception {
    String json = signer().jwksJson();

    JWKSet published = JWKSet.parse(json);
    assertEquals(List.of("k2", "k1"), published.getKeys().stream().map(JWK::getKeyID).toList());
    assertTrue(published.getKeys().stream().noneMatch(JWK::isPrivate));
    for (String privatePart : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
      assertFalse(json.contains(privatePart), "no private parameter " + privatePart + " in " + json);
    }
    SignedJWT token = SignedJWT.parse(signer().sign("roleport:org:rp-3c6e0b8a5d2f41e7a9b0c1d2e3f40516", AUDIENCE));
    RSAKey served = (RSAKey) published.getKeyByKeyId(token.getHeader().getKeyID());
    assertTrue(token.verify(new RSASSAVerifier(served)));
  }

  @Test
  void theDiscoveryDocumentNamesTheIssuerAndItsJwks() throws Exception {
    Map<String, Object> discovery = JSONObjectUtils.parse(signer().discoveryJson());

    assertEquals(ISSUER, discovery.get("issuer"));
    assertEquals(ISSUER + "/jwks", discovery.get("jwks_uri"));
    assertEquals(List.of("RS256"), discovery.get("id_token_signing_alg_values_supported"));
  }

  @Test
  void aPkcs8PemKeyIsReadWithItsThumbprintAsKid() throws Exception {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.toRSAPrivateKey().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";

    RSAKey parsed = WorkloadTokenSigner.parseSigningKey(pem);

    assertTrue(parsed.isPrivate());
    assertEquals(key.toPublicJWK().computeThumbprint().toString(), parsed.getKeyID());
    assertEquals(key.getModulus(), parsed.getModulus());
    assertEquals(parsed.getKeyID(), WorkloadTokenSigner.parseSigningKey(parsed.toJSONString()).getKeyID());
  }

  @Test
  void aPublicOrSmallKeyCannotSignAndAnEmptySubjectIsRefused() throws Exception {
    assertThrows(IllegalArgumentException.class,
        () -> WorkloadTokenSigner.parseSigningKey(key.toPublicJWK().toJSONString()));
    RSAKey small = new RSAKeyGenerator(1024, true).keyID("small").generate();
    assertThrows(IllegalArgumentException.class,
        () -> new WorkloadTokenSigner(ISSUER, small, List.of(), Clock.systemUTC()));
    assertThrows(IllegalArgumentException.class, () -> signer().sign(" ", AUDIENCE));
  }
}
