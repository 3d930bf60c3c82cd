package io.roleport.application.onboarding;

import io.roleport.application.access.OrgAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validations that just passed, kept on the server so that binding right after them does not call the customer's
 * cloud a second time (issue #13: STS checks ran two or three times per bind; Azure created a probe resource group
 * twice). A passed validation counts for {@link #FRESH_FOR}, for the same organization, the same person and exactly
 * the same inputs (kept only as a SHA-256 of them: a client secret is never kept), and only once: bind takes it.
 * Anything else (other inputs, another person, too old, another instance of the portal, a restart) finds nothing, and
 * bind validates again. Nothing the browser sends is trusted: the key is made here from what bind receives.
 */
@ApplicationScoped
public class PassedValidations {
  /** How long a passed validation stands in for the checks at bind. */
  public static final Duration FRESH_FOR = Duration.ofMinutes(5);
  /** At most this many are kept (the oldest go first); a validation that is gone is simply made again. */
  static final int MAX_KEPT = 10_000;

  @Inject Clock clock;

  private final Map<String, Instant> passed = new LinkedHashMap<>();

  public PassedValidations() {
  }

  PassedValidations(Clock clock) {
    this.clock = clock;
  }

  /** How many are kept (for tests). */
  int size() {
    synchronized (passed) {
      return passed.size();
    }
  }

  /** Remembers that a validation of these inputs passed just now, for this organization and person. */
  public void remember(OrgAccess access, String kind, String... inputs) {
    remember(access.organization().id(), access.caller().subject(), kind, inputs);
  }

  void remember(long orgId, String subject, String kind, String... inputs) {
    String key = key(orgId, subject, kind, inputs);
    Instant now = clock.instant();
    synchronized (passed) {
      passed.remove(key);
      passed.put(key, now);
      prune(now);
    }
  }

  /**
   * Whether a validation of exactly these inputs passed for this organization and person less than
   * {@link #FRESH_FOR} ago; if so it is used up (a second bind would validate again).
   */
  public boolean take(OrgAccess access, String kind, String... inputs) {
    return take(access.organization().id(), access.caller().subject(), kind, inputs);
  }

  boolean take(long orgId, String subject, String kind, String... inputs) {
    String key = key(orgId, subject, kind, inputs);
    Instant now = clock.instant();
    synchronized (passed) {
      Instant at = passed.remove(key);
      return at != null && !at.isAfter(now) && at.plus(FRESH_FOR).isAfter(now);
    }
  }

  /** Forgets a passed validation of these inputs by this person here (a failed one replaces it). */
  public void forget(OrgAccess access, String kind, String... inputs) {
    forget(access.organization().id(), access.caller().subject(), kind, inputs);
  }

  void forget(long orgId, String subject, String kind, String... inputs) {
    String key = key(orgId, subject, kind, inputs);
    synchronized (passed) {
      passed.remove(key);
    }
  }

  private void prune(Instant now) {
    Iterator<Map.Entry<String, Instant>> oldestFirst = passed.entrySet().iterator();
    while (oldestFirst.hasNext()) {
      Map.Entry<String, Instant> e = oldestFirst.next();
      if (passed.size() > MAX_KEPT || !e.getValue().plus(FRESH_FOR).isAfter(now)) {
        oldestFirst.remove();
      } else {
        break;
      }
    }
  }

  /** Organization, person, kind and inputs, hashed: equal only for exactly the same values. */
  static String key(long orgId, String subject, String kind, String... inputs) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      update(sha, String.valueOf(orgId));
      update(sha, subject);
      update(sha, kind);
      for (String input : inputs) {
        update(sha, input == null ? "\u0000null" : input);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(MessageDigest sha, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    sha.update((byte) (bytes.length >>> 24));
    sha.update((byte) (bytes.length >>> 16));
    sha.update((byte) (bytes.length >>> 8));
    sha.update((byte) bytes.length);
    sha.update(bytes);
  }
}
