package io.roleport.application.onboarding;

import io.roleport.application.AzureCredentials;

/**
 * Port: authenticate as a customer's service principal and look at its subscription, to validate a binding
 * (or a rotated secret) before anything is stored. Nothing is cached.
 */
public interface AzureAccountProbe {

  /**
   * Gets a token, reads the subscription, lists its resource groups, then proves the principal may do what Roleport
   * does: it creates an empty, tagged resource group, reads the principal's permissions there (inherited from the
   * subscription) against {@link AzurePermissions#REQUIRED}, and deletes the group again.
   */
  ProbeResult probe(AzureCredentials credentials);

  /**
   * What a probe found, stage by stage. A stage that was not reached (an earlier one failed) is {@code null}.
   * Error codes are Entra ID's ({@code AADSTS7000215}) or ARM's ({@code AuthorizationFailed}).
   */
  record ProbeResult(Outcome token, Outcome subscription, String subscriptionName, String subscriptionTenant,
      Outcome resourceGroups, Permissions permissions) {
    public ProbeResult(Outcome token, Outcome subscription, String subscriptionName, String subscriptionTenant,
        Outcome resourceGroups) {
      this(token, subscription, subscriptionName, subscriptionTenant, resourceGroups, null);
    }
  }

  /**
   * The permission check: whether it could be made ({@code outcome}), the actions of {@link AzurePermissions#REQUIRED}
   * the principal's roles do not allow, and the temporary resource group it was checked on.
   */
  record Permissions(Outcome outcome, java.util.List<String> missing, String probeGroup) {
    public Permissions {
      missing = java.util.List.copyOf(missing);
    }
  }

  /** One stage: passed, or the cloud's error code and message. */
  record Outcome(boolean ok, String code, String message) {
    public static final Outcome OK = new Outcome(true, null, null);

    public static Outcome failed(String code, String message) {
      return new Outcome(false, code, message);
    }
  }
}
