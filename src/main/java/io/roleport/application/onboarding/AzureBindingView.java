package io.roleport.application.onboarding;

import java.time.Instant;
import java.util.List;

/**
 * An organization's Azure binding as pages show it: the identity and, per secret version, only its
 * fingerprint and dates. Never a secret or a ciphertext.
 */
public record AzureBindingView(String tenantId, String subscriptionId, String clientId, String mode,
    String boundBy, Instant boundAt, List<SecretVersion> secretVersions) implements java.io.Serializable {
  public AzureBindingView {
    secretVersions = List.copyOf(secretVersions);
  }

  /** One secret version: number, fingerprint, when it was added, its expiry, its last successful use. */
  public record SecretVersion(int versionNo, String fingerprint, Instant createdAt, Instant expiresOn,
      Instant lastVerifiedAt, boolean current, boolean expiresSoon) implements java.io.Serializable {}
}
