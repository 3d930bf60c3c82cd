package io.roleport.application;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The id of the request (or of the operation's originating request, in the worker) this thread works for: the
 * same id is in the request's log line, in the audit rows written meanwhile, on the operations it creates and in
 * the worker's log lines for them. A thread-local rather than a CDI scope, because the worker has no request.
 */
public final class RequestTrace {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private RequestTrace() {}

  /** The id this thread works for, if any. */
  public static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Works for {@code id} (null: for no request) until {@link #close()}; returns the id. */
  public static String open(String id) {
    CURRENT.set(id);
    return id;
  }

  public static void close() {
    CURRENT.remove();
  }

  /**
   * The id to use for an incoming request: the caller's {@code X-Request-Id} (from a proxy) when it is well formed
   * (8 to 64 letters, digits, {@code . _ : -}; nothing a log line or a header could be forged with), else a new one.
   */
  public static String accept(String incoming) {
    return incoming != null && WELL_FORMED.matcher(incoming).matches() ? incoming : newId();
  }

  /** A fresh random id (16 hex digits). */
  public static String newId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
