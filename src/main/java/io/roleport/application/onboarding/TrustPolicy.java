package io.roleport.application.onboarding;

import io.roleport.domain.ExternalId;

/**
 * The documents a customer pastes: the IAM trust policy for both roles and a CloudFormation template
 * that creates them. The trust policy lets the installation principal assume the role only with this
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
        Description: Roles that let Roleport manage Kubernetes clusters in this account.
        Resources:
          AutomationRole:
            Type: AWS::IAM::Role
            Properties:
              RoleName: %1$s
              AssumeRolePolicyDocument:
        %3$s      ManagedPolicyArns:
                - arn:aws:iam::aws:policy/AmazonEKSClusterPolicy
                - arn:aws:iam::aws:policy/AmazonEC2FullAccess
          SupportRole:
            Type: AWS::IAM::Role
            Properties:
              RoleName: %2$s
              AssumeRolePolicyDocument:
        %3$s      ManagedPolicyArns:
                - arn:aws:iam::aws:policy/ReadOnlyAccess
        Outputs:
          AutomationRoleArn: { Value: !GetAtt AutomationRole.Arn }
          SupportRoleArn: { Value: !GetAtt SupportRole.Arn }
        """.formatted(automationRole, supportRole, trust);
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
              ManagedPolicyArns:
                - arn:aws:iam::aws:policy/AmazonEKSClusterPolicy
                - arn:aws:iam::aws:policy/AmazonEC2FullAccess
          SupportRole:
            Type: AWS::IAM::Role
            Properties:
              RoleName: %4$s
              AssumeRolePolicyDocument:
        %6$s      ManagedPolicyArns:
                - arn:aws:iam::aws:policy/ReadOnlyAccess
        Outputs:
          AutomationRoleArn: { Value: !GetAtt AutomationRole.Arn }
          SupportRoleArn: { Value: !GetAtt SupportRole.Arn }
        """.formatted(issuer, clientId, automationRole, supportRole, hostPath(issuer),
        roleportTrustYaml(principalArn, externalId));
  }
}
