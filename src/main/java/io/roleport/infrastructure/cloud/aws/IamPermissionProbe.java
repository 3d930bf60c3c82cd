package io.roleport.infrastructure.cloud.aws;

import io.roleport.application.clusters.SessionCredentials;
import io.roleport.application.onboarding.AwsPermissionProbe;
import io.roleport.application.onboarding.AwsPermissions;
import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Proves the automation role's permissions with {@code iam:SimulatePrincipalPolicy}, called by the automation role's
 * own session (assumed exactly as operations assume it) on its own ARN: one simulation per call the worker makes, with
 * the resource and the context (tags, {@code iam:PassedToService}) that call will carry. Then reads the two EKS roles
 * ({@code iam:GetRole}), checks their trust and simulates what EKS and the nodes need them to allow. Only an {@code allowed} decision counts: {@code implicitDeny} and
 * {@code explicitDeny} are both listed as missing.
 */
@ApplicationScoped
public class IamPermissionProbe implements AwsPermissionProbe {

  @Inject AwsClients clients;

  @Override
  public PermissionResult check(RoleArn automation, ExternalId externalId, SessionCredentials session,
      String actorSubject, String orgSlug, String region) {
    try {
      AwsCredentialsProvider credentials = session != null ? provider(session.accessKeyId(),
          session.secretAccessKey(), session.sessionToken()) : assume(automation, externalId, actorSubject, orgSlug);
      return simulate(credentials, automation, region, session != null);
    } catch (AwsServiceException e) {
      return PermissionResult.failed(e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode(),
          e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
    } catch (SdkClientException e) {
      return PermissionResult.failed("Unreachable", e.getMessage());
    }
  }

  /**
   * The simulation itself, called with {@code credentials} (normally the automation role's own session; any
   * principal allowed {@code iam:SimulatePrincipalPolicy} and {@code iam:GetRole} on the roles gives the same answer).
   */
  public PermissionResult simulate(AwsCredentialsProvider credentials, RoleArn automation, String region) {
    return simulate(credentials, automation, region, false);
  }

  /**
   * @param webIdentity people reach their access roles with their ID token (AssumeRoleWithWebIdentity), not from an
   *     identity of the account: the access roles must exist, and their trust in the identity provider is proven with
   *     the binder's token ({@code WebIdentityAccessRoles}), not read here
   */
  private PermissionResult simulate(AwsCredentialsProvider credentials, RoleArn automation, String region,
      boolean webIdentity) {
    try {
      String account = automation.accountId().value();
      try (IamClient iam = clients.iamAs(credentials)) {
        List<Denied> denied = new ArrayList<>();
        List<AwsPermissions.RequiredAction> required = AwsPermissions.requiredActions(region);
        for (AwsPermissions.RequiredAction action : required) {
          String resource = action.resourceIn(account);
          List<ContextEntry> context = action.contextIn(account).entrySet().stream()
              .map(e -> ContextEntry.builder().contextKeyName(e.getKey()).contextKeyType(ContextKeyTypeEnum.STRING)
                  .contextKeyValues(e.getValue()).build())
              .toList();
          List<EvaluationResult> results = iam.simulatePrincipalPolicy(r -> r.policySourceArn(automation.value())
              .actionNames(action.action()).resourceArns(resource).contextEntries(context)).evaluationResults();
          boolean allowed = !results.isEmpty()
              && results.stream().allMatch(e -> e.evalDecision() == PolicyEvaluationDecisionType.ALLOWED);
          if (!allowed) {
            denied.add(new Denied(action.action(), resource, action.why()));
          }
        }
        List<RoleProblem> roles = new ArrayList<>();
        roles.addAll(eksRole(iam, account, AwsPermissions.CLUSTER_ROLE, "eks.amazonaws.com",
            AwsPermissions.CLUSTER_ROLE_ACTIONS, AwsPermissions.CLUSTER_ROLE_POLICIES));
        roles.addAll(eksRole(iam, account, AwsPermissions.NODE_ROLE, "ec2.amazonaws.com",
            AwsPermissions.NODE_ROLE_ACTIONS, AwsPermissions.NODE_ROLE_POLICIES));
        for (AwsPermissions.AccessRole access : AwsPermissions.AccessRole.values()) {
          roles.addAll(accessRole(iam, account, access.roleName, !webIdentity));
        }
        roles.sort(java.util.Comparator.comparing(RoleProblem::roleArn));
        return new PermissionResult(required.size(), denied, roles, null, null);
      }
    } catch (AwsServiceException e) {
      return PermissionResult.failed(e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode(),
          e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
    } catch (SdkClientException e) {
      return PermissionResult.failed("Unreachable", e.getMessage());
    }
  }

  /**
   * One EKS role: it exists ({@code iam:GetRole}), its trust policy names {@code service}, and the simulation of its
   * own policies allows every action EKS or the nodes need. Empty when all is in place.
   */
  private static List<RoleProblem> eksRole(IamClient iam, String account, String name, String service,
      List<String> actions, List<String> policies) {
    String arn = "arn:aws:iam::" + account + ":role/" + name;
    String trust;
    try {
      trust = URLDecoder.decode(iam.getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument(),
          StandardCharsets.UTF_8);
    } catch (NoSuchEntityException e) {
      return List.of(new RoleProblem(arn, service, false, false, List.of(), policies));
    }
    boolean trusted = trust.replace(" ", "").contains("\"" + service + "\"");
    List<String> missing = new ArrayList<>();
    for (EvaluationResult r : iam.simulatePrincipalPolicy(s -> s.policySourceArn(arn).actionNames(actions))
        .evaluationResults()) {
      if (r.evalDecision() != PolicyEvaluationDecisionType.ALLOWED) {
        missing.add(r.evalActionName());
      }
    }
    return trusted && missing.isEmpty() ? List.of()
        : List.of(new RoleProblem(arn, service, true, trusted, missing, policies));
  }

  /**
   * One of the three access roles (a kubeconfig's {@code --role-arn}): it exists and, when {@code accountTrust},
   * trusts its own account, so that the account's people can be allowed to assume it. It needs no permissions of its
   * own. Empty when in place.
   */
  private static List<RoleProblem> accessRole(IamClient iam, String account, String name, boolean accountTrust) {
    String arn = "arn:aws:iam::" + account + ":role/" + name;
    String root = "arn:aws:iam::" + account + ":root";
    String trust;
    try {
      trust = URLDecoder.decode(iam.getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument(),
          StandardCharsets.UTF_8);
    } catch (NoSuchEntityException e) {
      return List.of(new RoleProblem(arn, root, false, false, List.of(), List.of()));
    }
    boolean trusted = !accountTrust || trust.replace(" ", "").contains("\"" + root + "\"");
    return trusted ? List.of() : List.of(new RoleProblem(arn, root, true, false, List.of(), List.of()));
  }

  private AwsCredentialsProvider assume(RoleArn role, ExternalId externalId, String actorSubject, String orgSlug) {
    Credentials c = clients.installationSts().assumeRole(AwsClients.operationRequest(role.value(),
        externalId.value(), actorSubject, orgSlug, 900)).credentials();
    return provider(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
  }

  private static AwsCredentialsProvider provider(String key, String secret, String token) {
    return StaticCredentialsProvider.create(AwsSessionCredentials.create(key, secret, token));
  }
}
