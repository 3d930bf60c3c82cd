package io.roleport.domain;

import java.util.regex.Pattern;

/** An organization's URL name: 3 to 40 lower-case letters, digits and inner hyphens. */
public record Slug(String value) {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]");

  public Slug {
    if (value == null || !FORMAT.matcher(value).matches() || value.contains("--")) {
      throw new DomainException("org.slug.invalid", value);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
