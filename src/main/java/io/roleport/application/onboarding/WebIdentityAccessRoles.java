package io.roleport.application.onboarding;

import io.roleport.application.access.IdentityToken;
import io.roleport.application.clusters.CloudException;
import io.roleport.application.clusters.WebIdentitySessions;
import io.roleport.application.onboarding.AwsPermissionProbe.RoleProblem;
import io.roleport.domain.RoleArn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validation of a web-identity binding's access roles: in this mode a person's only AWS identity in the account comes
 * from their ID token, so their kubectl assumes their access role with AssumeRoleWithWebIdentity. Each access role
 * that exists must therefore accept the binder's own token (an account set up from a template older than the access
 * roles' identity-provider trust would bind, and every kubectl would then get AccessDenied).
 */
public final class WebIdentityAccessRoles {
  private WebIdentityAccessRoles() {}

  /**
   * The access roles that refuse the token, each as a problem naming the identity provider it must trust (and
   * STS's answer when that was not a plain refusal); roles in {@code absent} are skipped, being reported as missing.
   */
  public static List<RoleProblem> refusing(WebIdentitySessions sessions, String account, String issuer,
      IdentityToken token, String subject, Set<String> absent) {
    String provider = "arn:aws:iam::" + account + ":oidc-provider/" + TrustPolicy.hostPath(issuer);
    List<RoleProblem> problems = new ArrayList<>();
    for (AwsPermissions.AccessRole role : AwsPermissions.AccessRole.values()) {
      String arn = role.roleArnIn(account);
      if (absent.contains(arn)) {
        continue;
      }
      try {
        sessions.proveAccepts(new RoleArn(arn), token, subject);
      } catch (CloudException e) {
        String trusted = "AccessDenied".equals(e.code()) ? provider : provider + " (" + e.code() + ")";
        problems.add(new RoleProblem(arn, trusted, true, false, List.of(), List.of()));
      }
    }
    return problems;
  }
}
