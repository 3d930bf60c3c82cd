package io.roleport.sim.azure;

import static io.roleport.sim.azure.AzureSimClients.INITECH_FEDERATED_CLIENT;
import static io.roleport.sim.azure.AzureSimClients.INITECH_TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.roleport.infrastructure.workload.WorkloadTokenSigner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Entra ID token endpoint verifies a federated client assertion as Entra ID does, against an issuer built like
 * Roleport's own ({@link WorkloadTokenSigner}, its discovery document and JWKS served over HTTP): the app trusts
 * exactly one issuer + subject (organization A's); organization B's subject from the same issuer, a token signed by
 * another key, and a token past its expiry are refused.
 */
class EntraFederatedSubjectTest {
  static final String SUBJECT_A = "roleport:org:rp-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  static final String SUBJECT_B = "roleport:org:rp-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  static final String AUDIENCE = "api://AzureADTokenExchange";
  static final TokenRequestContext ARM = new TokenRequestContext().addScopes("https://management.azure.com/.default");

  static AzureSimulator sim;
  static AzureSimClients clients;
  static HttpServer issuerServer;
  static String issuer;
  static RSAKey current;
  static RSAKey previous;
  static volatile WorkloadTokenSigner published;

  @BeforeAll
  static void start() throws Exception {
    sim = AzureSimulator.start(0, Path.of("config/simulator-seed-azure.json"), Path.of("target/azure-sim-fed-test"));
    clients = new AzureSimClients(sim);
    current = new RSAKeyGenerator(2048).keyID("k2").generate();
    previous = new RSAKeyGenerator(2048).keyID("k1").generate();
    issuerServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    issuer = "http://127.0.0.1:" + issuerServer.getAddress().getPort() + "/roleport/workload-identity";
    published = new WorkloadTokenSigner(issuer, current, List.of(previous), Clock.systemUTC());
    issuerServer.createContext("/roleport/workload-identity/", ex -> {
      String path = ex.getRequestURI().getPath().substring("/roleport/workload-identity".length());
      String body = path.equals(WorkloadTokenSigner.DISCOVERY_PATH) ? published.discoveryJson()
          : path.equals(WorkloadTokenSigner.JWKS_PATH) ? published.jwksJson() : null;
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
      if (body != null) {
        ex.getResponseBody().write(bytes);
      }
      ex.close();
    });
    issuerServer.start();
    // organization A's admin registers exactly A's subject (what Roleport's onboarding page shows A)
    sim.addFederatedCredential(INITECH_TENANT, INITECH_FEDERATED_CLIENT, issuer, SUBJECT_A, AUDIENCE);
  }

  @AfterAll
  static void stop() {
    if (issuerServer != null) {
      issuerServer.stop(0);
    }
    if (sim != null) {
      sim.close();
    }
  }

  private static WorkloadTokenSigner signer(RSAKey key) {
    return new WorkloadTokenSigner(issuer, key, List.of(), Clock.systemUTC());
  }

  /** A raw token request with a client assertion: the HTTP status and Entra ID's JSON answer. */
  private static HttpResponse<String> exchange(String assertion) throws Exception {
    String form = "grant_type=client_credentials&client_id=" + INITECH_FEDERATED_CLIENT
        + "&client_assertion_type=" + URLEncoder.encode(EntraApi.ASSERTION_TYPE, StandardCharsets.UTF_8)
        + "&client_assertion=" + assertion + "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default";
    HttpClient http = HttpClient.newBuilder().sslContext(sim.sslContext()).build();
    return http.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/" + INITECH_TENANT + "/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertRefused(HttpResponse<String> response, int aadsts) throws Exception {
    assertEquals(400, response.statusCode(), response.body());
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertEquals("invalid_client", body.path("error").asText());
    assertEquals(aadsts, body.path("error_codes").path(0).asInt(), response.body());
    assertTrue(body.path("error_description").asText().startsWith("AADSTS" + aadsts + ": "), response.body());
  }

  @Test
  void theOrganizationsOwnSubjectGetsATokenThroughTheRealSdk() {
    assertNotNull(clients.assertion(INITECH_TENANT, INITECH_FEDERATED_CLIENT,
        () -> signer(current).sign(SUBJECT_A, AUDIENCE)).getTokenSync(ARM).getToken());
  }

  @Test
  void anotherOrganizationsSubjectFromTheSameIssuerIsRefusedWithAadsts70021() throws Exception {
    // a valid token of Roleport's issuer, signed with its published key, audience right: only the subject differs
    HttpResponse<String> response = exchange(signer(current).sign(SUBJECT_B, AUDIENCE));

    assertRefused(response, 70021);
    assertTrue(response.body().contains("No matching federated identity record found for presented assertion"),
        response.body());
    assertTrue(response.body().contains(SUBJECT_B), response.body());
    MsalServiceException sdk = EntraTokenTest.refused(() -> clients.assertion(INITECH_TENANT, INITECH_FEDERATED_CLIENT,
        () -> signer(current).sign(SUBJECT_B, AUDIENCE)).getToken(ARM).block());
    assertTrue(sdk.getMessage().contains("AADSTS70021"), sdk.getMessage());
  }

  @Test
  void aTokenWithTheRightSubjectSignedByAKeyTheIssuerDoesNotPublishIsRefused() throws Exception {
    RSAKey forged = new RSAKeyGenerator(2048).keyID("k2").generate(); // same kid as the published key

    assertRefused(exchange(signer(forged).sign(SUBJECT_A, AUDIENCE)), 700027);
  }

  @Test
  void thePreviousKeyStillVerifiesDuringARotation() throws Exception {
    assertEquals(200, exchange(signer(previous).sign(SUBJECT_A, AUDIENCE)).statusCode());
  }

  @Test
  void theWrongAudienceIsRefusedWithAadsts700212() throws Exception {
    assertRefused(exchange(signer(current).sign(SUBJECT_A, "api://something-else")), 700212);
  }

  @Test
  void aSecondCredentialWithTheSameIssuerAndSubjectIsRefusedAsEntraIdDoes() {
    assertThrows(IllegalArgumentException.class,
        () -> sim.addFederatedCredential(INITECH_TENANT, INITECH_FEDERATED_CLIENT, issuer, SUBJECT_A, AUDIENCE));
  }
}
