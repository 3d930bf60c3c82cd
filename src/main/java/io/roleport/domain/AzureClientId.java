package io.roleport.domain;

/** An Entra ID / Azure client id: a GUID, kept in lower case. */
public record AzureClientId(String value) {
  public AzureClientId {
    value = AzureGuid.require(value, "azure.clientId.invalid");
  }

  @Override
  public String toString() {
    return value;
  }
}
