package io.roleport.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/** The GUID format Entra ID and ARM use for tenant, subscription and client ids; normalised to lower case. */
final class AzureGuid {
  private static final Pattern FORMAT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private AzureGuid() {}

  static String require(String value, String key) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    if (!FORMAT.matcher(v).matches()) {
      throw new DomainException(key, value == null ? "" : value);
    }
    return v;
  }
}
