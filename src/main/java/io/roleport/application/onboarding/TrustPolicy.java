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

  static String cloudFormation(String principalArn, ExternalId externalId, String automationRole,
      String supportRole) {
    String trust = """
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: { AWS: "%s" }
                    Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
                    Condition: { StringEquals: { "sts:ExternalId": "%s" } }
        """.formatted(principalArn, externalId.value());
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
}
