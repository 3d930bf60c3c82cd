package io.roleport.application.onboarding;

import io.roleport.application.AzureCredentials;

/**
 * Port: authenticate as a customer's service principal and look at its subscription, to validate a binding
 * (or a rotated secret) before anything is stored. Nothing is cached.
 */
public interface AzureAccountProbe {

  /** Gets a token, reads the subscription, and lists its resource groups (what cluster creation needs first). */
  ProbeResult probe(AzureCredentials credentials);

  /**
   * What a probe found, stage by stage. A stage that was not reached (an earlier one failed) is {@code null}.
   * Error codes are Entra ID's ({@code AADSTS7000215}) or ARM's ({@code AuthorizationFailed}).
   */
  record ProbeResult(Outcome token, Outcome subscription, String subscriptionName, String subscriptionTenant,
      Outcome resourceGroups) {}

  /** One stage: passed, or the cloud's error code and message. */
  record Outcome(boolean ok, String code, String message) {
    public static final Outcome OK = new Outcome(true, null, null);

    public static Outcome failed(String code, String message) {
      return new Outcome(false, code, message);
    }
  }
}
