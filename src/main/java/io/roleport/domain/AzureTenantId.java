package io.roleport.domain;

/** An Entra ID / Azure tenant id: a GUID, kept in lower case. */
public record AzureTenantId(String value) {
  public AzureTenantId {
    value = AzureGuid.require(value, "azure.tenantId.invalid");
  }

  @Override
  public String toString() {
    return value;
  }
}
