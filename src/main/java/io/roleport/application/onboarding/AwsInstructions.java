package io.roleport.application.onboarding;

/**
 * What a customer needs to prepare its account, for each way Roleport may act there: the ExternalId, the
 * principal to trust, a trust policy to paste and a CloudFormation template that creates both roles; for
 * web identity also the corporate issuer and client id the account's IAM OIDC provider must name; and the automation
 * role's least-privilege permissions policy, for those who create the roles by hand.
 */
public record AwsInstructions(String externalId, String principalArn, String trustPolicyJson,
    String cloudFormationYaml, String automationRoleName, String supportRoleName, String issuer, String clientId,
    String webIdentityTrustPolicyJson, String webIdentityCloudFormationYaml, String automationPolicyJson)
    implements java.io.Serializable {}
