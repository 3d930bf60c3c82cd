package io.roleport.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARN of an IAM role, {@code arn:aws:iam::123456789012:role/optional/path/Name}. It names the
 * account the role lives in, which the binding rules compare.
 */
public record RoleArn(String value) {
  private static final Pattern FORMAT =
      Pattern.compile("arn:aws(?:-cn|-us-gov)?:iam::(\\d{12}):role/((?:[\\w+=,.@-]+/)*)([\\w+=,.@-]{1,64})");

  public RoleArn {
    if (value == null || !FORMAT.matcher(value.strip()).matches()) {
      throw new DomainException("aws.roleArn.invalid", value);
    }
    value = value.strip();
  }

  public static RoleArn of(AwsAccountId account, String roleName) {
    return new RoleArn("arn:aws:iam::" + account.value() + ":role/" + roleName);
  }

  public AwsAccountId accountId() {
    return new AwsAccountId(matcher().group(1));
  }

  public String roleName() {
    return matcher().group(3);
  }

  private Matcher matcher() {
    Matcher m = FORMAT.matcher(value);
    if (!m.matches()) {
      throw new IllegalStateException(value);
    }
    return m;
  }

  @Override
  public String toString() {
    return value;
  }
}
