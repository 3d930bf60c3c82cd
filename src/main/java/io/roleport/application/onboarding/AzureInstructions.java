package io.roleport.application.onboarding;

/**
 * What a customer runs to prepare its Azure subscription, with the organization's values filled in: the
 * {@code az} commands that create a service principal with a client secret and the Contributor role on the
 * subscription, and the variant with a federated credential that trusts Roleport's workload identity.
 */
public record AzureInstructions(String appName, String secretCommands, String federatedCommands,
    String federationIssuer, String federationSubject) implements java.io.Serializable {}
