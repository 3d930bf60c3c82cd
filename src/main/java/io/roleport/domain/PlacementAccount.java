package io.roleport.domain;

/** The account a cluster is placed in: an AWS account id or an Azure subscription id, as recorded. */
public record PlacementAccount(String value) implements java.io.Serializable {
  @Override
  public String toString() {
    return value;
  }
}
