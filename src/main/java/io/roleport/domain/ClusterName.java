package io.roleport.domain;

import java.util.regex.Pattern;

/** A cluster's name inside its organization: 2 to 40 lower-case letters, digits and inner hyphens. */
public record ClusterName(String value) {
  private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9-]{0,38}[a-z0-9]");

  public ClusterName {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new DomainException("cluster.name.invalid", value);
    }
  }
}
