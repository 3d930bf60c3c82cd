package io.roleport.infrastructure.cloud.aws;

/**
 * Turns a person's stable subject into what AWS accepts as a SourceIdentity and a role session name
 * ({@code [\w+=,.@-]}, at most 64 characters), so CloudTrail in the customer's account names who acted.
 */
final class SourceIdentities {
  private SourceIdentities() {}

  static String of(String subject) {
    String cleaned = subject.replaceAll("[^\\w+=,.@-]", "-");
    if (cleaned.length() < 2) {
      cleaned = cleaned + "--";
    }
    return cleaned.substring(0, Math.min(64, cleaned.length()));
  }

  static String sessionName(String subject) {
    String name = "roleport-" + of(subject);
    return name.substring(0, Math.min(64, name.length()));
  }
}
