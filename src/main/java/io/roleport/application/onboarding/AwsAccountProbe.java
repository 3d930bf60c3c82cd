package io.roleport.application.onboarding;

import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;

/**
 * Port: try to assume a customer role as the installation principal and ask who we became. Used only to
 * validate a binding before it is stored; nothing is cached.
 */
public interface AwsAccountProbe {

  /**
   * @param externalId the ExternalId to present, or {@code null} to present none (the confused-deputy
   *     check expects that to fail)
   */
  ProbeResult probe(RoleArn role, ExternalId externalId, String actorSubject, String orgSlug);

  /** The same call with an ExternalId of the right shape that is not the organization's (must be refused). */
  ProbeResult probeWithWrongExternalId(RoleArn role, ExternalId externalId, String actorSubject, String orgSlug);

  /** What a probe found: the account and ARN of the assumed session, or the cloud's error. */
  record ProbeResult(boolean assumed, String accountId, String sessionArn, String errorCode, String errorMessage) {
    public static ProbeResult assumed(String accountId, String sessionArn) {
      return new ProbeResult(true, accountId, sessionArn, null, null);
    }

    public static ProbeResult refused(String errorCode, String errorMessage) {
      return new ProbeResult(false, null, null, errorCode, errorMessage);
    }

    /**
     * Whether the cloud refused the call as unauthorized. Only this proves that a role refuses a caller: a throttled,
     * failed or unreachable call proves nothing (fail closed).
     */
    public boolean deniedAccess() {
      return !assumed && "AccessDenied".equals(errorCode);
    }
  }
}
