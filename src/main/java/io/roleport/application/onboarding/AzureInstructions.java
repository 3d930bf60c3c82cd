package io.roleport.application.onboarding;

/**
 * What a customer runs to prepare its Azure subscription, with the organization's values filled in: the
 * {@code az} commands that create a service principal with a client secret and the Contributor role on the
 * subscription, and the variant with a federated credential that trusts Roleport's workload identity issuer for
 * this organization's subject only.
 *
 * @param federationIssuer   Roleport's workload identity issuer (empty when the installation has none)
 * @param federationSubject  this organization's workload subject ({@code roleport:org:<ExternalId>})
 * @param federationAudience the audience of the tokens ({@code api://AzureADTokenExchange})
 */
public record AzureInstructions(String appName, String secretCommands, String federatedCommands,
    String federationIssuer, String federationSubject, String federationAudience)
    implements java.io.Serializable {}
