package io.roleport.web.shell;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The one formatter of pages ({@code #{fmt...}}): texts with placeholders filled, instants to the second
 * (the {@code <rp:time>} tag shows them in the reader's own time zone with the UTC time on hover), and the
 * audit's action codes and refusal keys as sentences. Pages use this instead of formatting on their own.
 */
@Named("fmt")
@ApplicationScoped
public class Formats {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final String UNKNOWN = "…";

  public String text(String key) {
    return Texts.format(key);
  }

  public String text(String key, Object a) {
    return Texts.format(key, a);
  }

  public String text(String key, Object a, Object b) {
    return Texts.format(key, a, b);
  }

  public String text(String key, Object a, Object b, Object c) {
    return Texts.format(key, a, b, c);
  }

  /** ISO-8601 in UTC to the second, for {@code <time datetime>} and CSV exports: {@code 2026-11-29T05:33:46Z}. */
  public String iso(Instant at) {
    return at == null ? "" : at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The instant in UTC to the second, as people read it: {@code 2026-11-29 05:33:46 UTC}. */
  public String utc(Instant at) {
    return at == null ? "" : UTC.format(at);
  }

  /** An audited action as a sentence ({@code audit.action.<code>}); the code itself when none is written. */
  public String auditAction(String action) {
    String key = "audit.action." + action;
    return Texts.has(key) ? Texts.format(key) : auditDetail(action); // a refused page is audited by its refusal
  }

  /**
   * An audit detail: a refusal is stored as the key of the message the person saw (its values were not
   * kept), so it is shown as that sentence with "…" for the values; any other detail as stored.
   */
  public String auditDetail(String detail) {
    if (!Texts.has(detail)) {
      return detail;
    }
    Object[] unknown = new Object[10];
    Arrays.fill(unknown, UNKNOWN);
    try {
      return Texts.format(detail, unknown);
    } catch (IllegalArgumentException countExpected) {
      return detail;
    }
  }
}
