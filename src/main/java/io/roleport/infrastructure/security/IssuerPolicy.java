package io.roleport.infrastructure.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which issuer URLs of a third party's identity provider Roleport may fetch (the URL is typed by an ISV
 * administrator, so fetching it must not become a way into Roleport's own network): https only, and only
 * to public addresses. {@code allowInsecure} (local mode and tests) also allows plain http and the loopback,
 * private and link-local addresses. Answers a message key, never text from the network.
 */
public final class IssuerPolicy {

  /** Turns a host name into its addresses (the system resolver in production). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final boolean allowInsecure;
  private final Resolver resolver;

  public IssuerPolicy(boolean allowInsecure, Resolver resolver) {
    this.allowInsecure = allowInsecure;
    this.resolver = resolver;
  }

  /** Empty when Roleport may fetch this issuer's discovery document, else the message key of the refusal. */
  public Optional<String> problem(String issuer) {
    URI uri;
    try {
      uri = URI.create(issuer);
    } catch (IllegalArgumentException e) {
      return Optional.of("idp.issuer.invalid");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getRawUserInfo() != null || !(scheme.equals("https") || scheme.equals("http"))) {
      return Optional.of("idp.issuer.invalid");
    }
    if (scheme.equals("http") && !allowInsecure) {
      return Optional.of("idp.issuer.notHttps");
    }
    if (allowInsecure) {
      return Optional.empty();
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(uri.getHost());
    } catch (UnknownHostException e) {
      return Optional.of("idp.unreachable");
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        return Optional.of("idp.issuer.notPublic");
      }
    }
    return addresses.length == 0 ? Optional.of("idp.unreachable") : Optional.empty();
  }

  /** Whether an address is on the public internet (not loopback, private, link-local, shared or multicast). */
  public static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      boolean uniqueLocal = (b[0] & 0xfe) == 0xfc; // fc00::/7
      boolean mappedV4 = b.length == 16 && java.util.stream.IntStream.range(0, 10).allMatch(i -> b[i] == 0)
          && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      if (mappedV4) {
        try {
          return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return false;
        }
      }
      return !uniqueLocal;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    boolean sharedAddressSpace = first == 100 && second >= 64 && second <= 127; // 100.64.0.0/10 (carrier NAT)
    boolean thisNetwork = first == 0;
    return !sharedAddressSpace && !thisNetwork;
  }
}
