package io.roleport.domain;

/** An Entra ID / Azure subscription id: a GUID, kept in lower case. */
public record AzureSubscriptionId(String value) {
  public AzureSubscriptionId {
    value = AzureGuid.require(value, "azure.subscriptionId.invalid");
  }

  @Override
  public String toString() {
    return value;
  }
}
