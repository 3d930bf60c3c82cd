package io.roleport.domain;

import java.util.regex.Pattern;

/** A 12-digit AWS account id. */
public record AwsAccountId(String value) {
  private static final Pattern FORMAT = Pattern.compile("\\d{12}");

  public AwsAccountId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new DomainException("aws.accountId.invalid", value);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
