package io.roleport.application.onboarding;

/**
 * What a customer needs to prepare its account: the ExternalId, the principal to trust, a trust policy to
 * paste and a CloudFormation template that creates both roles.
 */
public record AwsInstructions(String externalId, String principalArn, String trustPolicyJson,
    String cloudFormationYaml, String automationRoleName, String supportRoleName) implements java.io.Serializable {}
