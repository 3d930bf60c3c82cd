package io.roleport.application.onboarding;

import io.roleport.application.clusters.SessionCredentials;
import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;
import java.util.List;

/**
 * Port: prove, with the cloud's own policy simulation, that the automation role may make every call the worker makes
 * ({@link AwsPermissions#requiredActions}) and that the two roles it hands to EKS exist and trust the right services.
 * Called only during validation, with the same session operations use.
 */
public interface AwsPermissionProbe {

  /**
   * @param session for web identity, the person's own session of the automation role; {@code null} to assume it as
   *     the installation principal with the ExternalId, as operations do
   */
  PermissionResult check(RoleArn automation, ExternalId externalId, SessionCredentials session, String actorSubject,
      String orgSlug, String region);

  /** One required action the role may not make: the action, the resource simulated and why Roleport needs it. */
  record Denied(String action, String resource, String why) implements java.io.Serializable {}

  /**
   * One of the EKS roles that is missing, does not trust its service, or may not do what EKS and the nodes do with
   * it ({@code missingActions}, with the AWS managed policies that grant them).
   */
  record RoleProblem(String roleArn, String trustedService, boolean exists, boolean trusted, List<String> missingActions,
      List<String> managedPolicies) implements java.io.Serializable {
    public RoleProblem {
      missingActions = List.copyOf(missingActions);
      managedPolicies = List.copyOf(managedPolicies);
    }
  }

  /**
   * What the simulation found; {@code errorCode} set when the cloud could not answer (then nothing is proven: the
   * check fails).
   */
  record PermissionResult(int simulated, List<Denied> denied, List<RoleProblem> roles, String errorCode,
      String errorMessage) {
    public static PermissionResult failed(String code, String message) {
      return new PermissionResult(0, List.of(), List.of(), code, message);
    }

    /** This result with {@code more} role problems added, sorted by role as the simulation sorts them. */
    public PermissionResult withRoleProblems(List<RoleProblem> more) {
      List<RoleProblem> all = new java.util.ArrayList<>(roles);
      all.addAll(more);
      all.sort(java.util.Comparator.comparing(RoleProblem::roleArn));
      return new PermissionResult(simulated, denied, all, errorCode, errorMessage);
    }

    public boolean answered() {
      return errorCode == null;
    }
  }
}
