package io.roleport.application.onboarding;

import io.roleport.domain.ExternalId;

/**
 * The documents a customer pastes: the IAM trust policy for both roles and a CloudFormation template
 * that creates them with their least-privilege permissions ({@link AwsPermissions}) and the two roles Roleport hands
 * to EKS. The trust policy lets the installation principal assume the role only with this
 * organization's ExternalId, and set the SourceIdentity and session tags that name the acting person.
 */
final class TrustPolicy {
  private TrustPolicy() {}

  static String json(String principalArn, ExternalId externalId) {
    return """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "AWS": "%s" },
              "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
              "Condition": { "StringEquals": { "sts:ExternalId": "%s" } }
            }
          ]
        }""".formatted(principalArn, externalId.value());
  }

  /** The trust policy of a role Roleport assumes, as a CloudFormation {@code AssumeRolePolicyDocument} body. */
  private static String roleportTrustYaml(String principalArn, ExternalId externalId) {
    return """
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: { AWS: "%s" }
                    Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
                    Condition: { StringEquals: { "sts:ExternalId": "%s" } }
        """.formatted(principalArn, externalId.value());
  }

  static String cloudFormation(String principalArn, ExternalId externalId, String automationRole,
      String supportRole) {
    String trust = roleportTrustYaml(principalArn, externalId);
    return """
        AWSTemplateFormatVersion: "2010-09-09"
        Description: Roles that let Roleport manage Kubernetes clusters in this account, with least privilege.
        Resources:
          AutomationRole:
            Type: AWS::IAM::Role
            Properties:
              RoleName: %1$s
              AssumeRolePolicyDocument:
        %3$s      Policies:
                - PolicyName: RoleportAutomation
                  PolicyDocument:
        %4$s  SupportRole:
            Type: AWS::IAM::Role
            Properties:
              RoleName: %2$s
              AssumeRolePolicyDocument:
        %3$s      ManagedPolicyArns:
                - arn:aws:iam::aws:policy/ReadOnlyAccess
        %5$sOutputs:
          AutomationRoleArn: { Value: !GetAtt AutomationRole.Arn }
          SupportRoleArn: { Value: !GetAtt SupportRole.Arn }
          EksClusterRoleArn: { Value: !GetAtt EksClusterRole.Arn }
          EksNodeRoleArn: { Value: !GetAtt EksNodeRole.Arn }
        """.formatted(automationRole, supportRole, trust, AwsPermissions.automationPolicyYaml(12), eksRolesYaml());
  }

  /** The two roles Roleport hands to EKS: trusted by the EKS service and by EC2, with the AWS managed policies. */
  private static String eksRolesYaml() {
    return eksRolesYaml("");
  }

  /** As {@link #eksRolesYaml()}, the access roles' trust policies ending with {@code accessRoleTrust} (YAML items). */
  private static String eksRolesYaml(String accessRoleTrust) {
    return """
          EksClusterRole:
            Type: AWS::IAM::Role
            Properties:
              RoleName: %1$s
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: { Service: "eks.amazonaws.com" }
                    Action: "sts:AssumeRole"
              ManagedPolicyArns:
        %3$s  EksNodeRole:
            Type: AWS::IAM::Role
            Properties:
              RoleName: %2$s
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: { Service: "ec2.amazonaws.com" }
                    Action: "sts:AssumeRole"
              ManagedPolicyArns:
        %4$s""".formatted(AwsPermissions.CLUSTER_ROLE, AwsPermissions.NODE_ROLE,
        items(AwsPermissions.CLUSTER_ROLE_POLICIES), items(AwsPermissions.NODE_ROLE_POLICIES))
        + accessRolesYaml(accessRoleTrust);
  }

  /**
   * The three access roles people use inside the clusters ({@link AwsPermissions.AccessRole}): trusted by the account
   * itself, no permissions. Who may assume which is the account's decision (its people's own IAM policies).
   */
  private static String accessRolesYaml(String extraTrust) {
    StringBuilder sb = new StringBuilder();
    for (AwsPermissions.AccessRole r : AwsPermissions.AccessRole.values()) {
      sb.append("""
            EksAccess%1$sRole:
              Type: AWS::IAM::Role
              Properties:
                RoleName: %2$s
                Description: "Kubernetes access (%3$s) to Roleport's EKS clusters, for the people of this account"
                AssumeRolePolicyDocument:
                  Version: "2012-10-17"
                  Statement:
                    - Effect: Allow
                      Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }
                      Action: "sts:AssumeRole"
          """.formatted(r.name().charAt(0) + r.name().substring(1).toLowerCase(java.util.Locale.ROOT), r.roleName,
          r.policyName)).append(extraTrust);
    }
    return sb.toString();
  }

  private static String items(java.util.List<String> arns) {
    StringBuilder sb = new StringBuilder();
    arns.forEach(a -> sb.append("        - ").append(a).append('\n'));
    return sb.toString();
  }

  /** What a customer writes where the account id goes, before it pastes the web-identity trust policy. */
  static final String ACCOUNT_PLACEHOLDER = "YOUR_ACCOUNT_ID";

  /** The issuer URL without its scheme: how IAM names the OIDC provider and prefixes its condition keys. */
  static String hostPath(String issuer) {
    String hostPath = issuer.replaceFirst("^https?://", "");
    return hostPath.endsWith("/") ? hostPath.substring(0, hostPath.length() - 1) : hostPath;
  }

  /**
   * The automation role's trust policy in web-identity mode: the account's IAM OIDC provider for the corporate
   * issuer, Roleport's client id as the token audience. Roleport's own principal is not trusted.
   */
  static String webIdentityJson(String issuer, String clientId) {
    String provider = hostPath(issuer);
    return """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "Federated": "arn:aws:iam::%s:oidc-provider/%s" },
              "Action": "sts:AssumeRoleWithWebIdentity",
              "Condition": { "StringEquals": { "%s:aud": "%s" } }
            }
          ]
        }""".formatted(ACCOUNT_PLACEHOLDER, provider, provider, clientId);
  }

  /**
   * The web-identity template: the IAM OIDC provider for the corporate issuer, the automation role trusting
   * it (audience = Roleport's client id) and the support role trusting Roleport with the ExternalId.
   */
  static String webIdentityCloudFormation(String issuer, String clientId, String principalArn, ExternalId externalId,
      String automationRole, String supportRole) {
    return """
        AWSTemplateFormatVersion: "2010-09-09"
        Description: Roles that let Roleport manage Kubernetes clusters in this account as each signed-in person.
        Resources:
          CorporateIdentityProvider:
            Type: AWS::IAM::OIDCProvider
            Properties:
              Url: "%1$s"
              ClientIdList: ["%2$s"]
          AutomationRole:
            Type: AWS::IAM::Role
            Properties:
              RoleName: %3$s
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: { Federated: !Ref CorporateIdentityProvider }
                    Action: "sts:AssumeRoleWithWebIdentity"
                    Condition: { StringEquals: { "%5$s:aud": "%2$s" } }
              Policies:
                - PolicyName: RoleportAutomation
                  PolicyDocument:
        %7$s  SupportRole:
            Type: AWS::IAM::Role
            Properties:
              RoleName: %4$s
              AssumeRolePolicyDocument:
        %6$s      ManagedPolicyArns:
                - arn:aws:iam::aws:policy/ReadOnlyAccess
        %8$sOutputs:
          AutomationRoleArn: { Value: !GetAtt AutomationRole.Arn }
          SupportRoleArn: { Value: !GetAtt SupportRole.Arn }
          EksClusterRoleArn: { Value: !GetAtt EksClusterRole.Arn }
          EksNodeRoleArn: { Value: !GetAtt EksNodeRole.Arn }
        """.formatted(issuer, clientId, automationRole, supportRole, hostPath(issuer),
        roleportTrustYaml(principalArn, externalId), AwsPermissions.automationPolicyYaml(12),
        eksRolesYaml(accessRoleWebIdentityTrust(issuer, clientId)));
  }

  /**
   * In web-identity mode a person's only AWS identity in the account comes from their corporate ID token, and the
   * automation role it gives them may not assume anything: the access roles therefore also trust the corporate
   * identity provider (same audience as the automation role), so the CLI assumes the person's access role with
   * AssumeRoleWithWebIdentity. Narrowing who may assume edit/admin ({@code :sub} conditions) is the account's decision.
   */
  private static String accessRoleWebIdentityTrust(String issuer, String clientId) {
    return """
                    - Effect: Allow
                      Principal: { Federated: !Ref CorporateIdentityProvider }
                      Action: "sts:AssumeRoleWithWebIdentity"
                      Condition: { StringEquals: { "%s:aud": "%s" } }
          """.formatted(hostPath(issuer), clientId);
  }
}
