package io.roleport.infrastructure.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which third-party issuer URLs Roleport may fetch. */
class IssuerPolicyTest {
  /** Names as a DNS zone would answer them (an attacker controls their own zone). */
  private static final Map<String, String> ZONE = Map.of("idp.tailspin.example", "93.184.216.34",
      "internal.tailspin.example", "10.0.0.5", "metadata.tailspin.example", "169.254.169.254",
      "v6.tailspin.example", "2606:4700::1111", "ula.tailspin.example", "fd00::1", "localhost", "127.0.0.1");

  private final IssuerPolicy production = new IssuerPolicy(false, IssuerPolicyTest::resolve);
  private final IssuerPolicy local = new IssuerPolicy(true, IssuerPolicyTest::resolve);

  private static InetAddress[] resolve(String host) throws java.net.UnknownHostException {
    String address = ZONE.getOrDefault(host, host.matches("[0-9.]+|\\[?[0-9a-fA-F:.]+\\]?") ? host : null);
    if (address == null) {
      throw new java.net.UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(address)};
  }

  @Test
  void aPublicHttpsIssuerIsAllowed() {
    assertEquals(Optional.empty(), production.problem("https://idp.tailspin.example/realms/staff"));
    assertEquals(Optional.empty(), production.problem("https://v6.tailspin.example"));
  }

  @Test
  void plainHttpIsRefusedInProduction() {
    assertEquals(Optional.of("idp.issuer.notHttps"), production.problem("http://idp.tailspin.example/realms/staff"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://127.0.0.1:9400/roleport", "https://localhost/x", "https://10.1.2.3",
      "https://172.16.0.1", "https://192.168.1.1", "https://169.254.169.254/latest", "https://0.0.0.0",
      "https://100.64.0.1", "https://[::1]/x", "https://[fe80::1]", "https://[::ffff:10.0.0.1]",
      "https://internal.tailspin.example", "https://metadata.tailspin.example", "https://ula.tailspin.example"})
  void loopbackPrivateAndLinkLocalAddressesAreRefusedInProduction(String issuer) {
    assertEquals(Optional.of("idp.issuer.notPublic"), production.problem(issuer), issuer);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://idp.tailspin.example", "file:///etc/passwd", "https://user:pw@idp.tailspin.example",
      "jar:https://idp.tailspin.example!/x", "not a url"})
  void anythingButAnHttpUrlIsRefused(String issuer) {
    assertEquals(Optional.of("idp.issuer.invalid"), production.problem(issuer), issuer);
  }

  @Test
  void anUnknownHostIsUnreachable() {
    assertEquals(Optional.of("idp.unreachable"), production.problem("https://nowhere.tailspin.example"));
  }

  @Test
  void localModeAndTestsMayUseHttpOnLoopback() {
    assertEquals(Optional.empty(), local.problem("http://127.0.0.1:9400/tailspin-staff"));
    assertEquals(Optional.of("idp.issuer.invalid"), local.problem("file:///etc/passwd"));
  }

  @Test
  void publicAddressesArePublic() throws Exception {
    assertTrue(IssuerPolicy.isPublic(InetAddress.getByName("8.8.8.8")));
    assertFalse(IssuerPolicy.isPublic(InetAddress.getByName("100.127.255.255")));
    assertTrue(IssuerPolicy.isPublic(InetAddress.getByName("100.128.0.1")));
  }
}
