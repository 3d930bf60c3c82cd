package io.roleport.application.installation;

import io.roleport.domain.CloudKind;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.PlacementKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an operator asked to see of all clusters: an organization (slug), a status (or every live one, or all), a
 * provider, an account (AWS account id or Azure subscription id) and a placement; each part optional. Read from the
 * page's query string and checked here, so a filter the database sees is always well-formed: {@link #parse} keeps
 * the parts that are valid and lists every part that is not, with what to type instead.
 */
public record ClusterFilter(String org, StatusChoice status, CloudKind provider, String account,
    PlacementKind placement) implements java.io.Serializable {
  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Which statuses to show: every live one (not deleted: the default), all, or one. */
  public record StatusChoice(String value) implements java.io.Serializable {
    public static final StatusChoice LIVE = new StatusChoice("LIVE");
    public static final StatusChoice ALL = new StatusChoice("ALL");

    /** The one status chosen, or null for LIVE and ALL. */
    public ClusterStatus single() {
      return LIVE.equals(this) || ALL.equals(this) ? null : ClusterStatus.valueOf(value);
    }
  }

  /** Every live cluster of every organization. */
  public static final ClusterFilter NONE = new ClusterFilter(null, StatusChoice.LIVE, null, null, null);

  /** A refused part of a filter: the field, a message key and its arguments. */
  public record Problem(String field, String key, Object... args) {}

  /** A filter and what was wrong with what was asked (the wrong parts are left out of the filter). */
  public record Parsed(ClusterFilter filter, List<Problem> problems) {}

  /** The filter from query parameters {@code org}, {@code status}, {@code provider}, {@code account}, {@code placement}. */
  public static Parsed parse(Map<String, String> query) {
    List<Problem> problems = new ArrayList<>();
    String org = blankToNull(query.get("org"));
    if (org != null) {
      org = org.toLowerCase(Locale.ROOT);
      if (!SLUG.matcher(org).matches() || org.contains("--")) {
        problems.add(new Problem("org", "admin.clusters.filter.org.invalid", org));
        org = null;
      }
    }
    StatusChoice status = StatusChoice.LIVE;
    String s = blankToNull(query.get("status"));
    if (s != null) {
      String upper = s.toUpperCase(Locale.ROOT);
      if (upper.equals("LIVE") || upper.equals("ALL") || isEnum(ClusterStatus.class, upper)) {
        status = new StatusChoice(upper);
      } else {
        problems.add(new Problem("status", "admin.clusters.filter.status.invalid", s));
      }
    }
    CloudKind provider = null;
    String p = blankToNull(query.get("provider"));
    if (p != null) {
      if (isEnum(CloudKind.class, p.toUpperCase(Locale.ROOT))) {
        provider = CloudKind.valueOf(p.toUpperCase(Locale.ROOT));
      } else {
        problems.add(new Problem("provider", "admin.clusters.filter.provider.invalid", p));
      }
    }
    String account = blankToNull(query.get("account"));
    if (account != null) {
      account = account.toLowerCase(Locale.ROOT);
      if (!ACCOUNT.matcher(account).matches()) {
        problems.add(new Problem("account", "admin.clusters.filter.account.invalid", account));
        account = null;
      }
    }
    PlacementKind placement = null;
    String pl = blankToNull(query.get("placement"));
    if (pl != null) {
      if (isEnum(PlacementKind.class, pl.toUpperCase(Locale.ROOT))) {
        placement = PlacementKind.valueOf(pl.toUpperCase(Locale.ROOT));
      } else {
        problems.add(new Problem("placement", "admin.clusters.filter.placement.invalid", pl));
      }
    }
    return new Parsed(new ClusterFilter(org, status, provider, account, placement), List.copyOf(problems));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static <E extends Enum<E>> boolean isEnum(Class<E> type, String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
