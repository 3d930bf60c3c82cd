package io.roleport.domain;

/** How Roleport authenticates as an organization's service principal. */
public enum AzureAuthMode {
  /** A client secret, stored encrypted in {@link AzureSecretVersion}s. */
  SECRET,
  /** A federated credential that trusts Roleport's workload identity: nothing secret is stored. */
  FEDERATED
}
