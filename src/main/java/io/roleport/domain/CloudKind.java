package io.roleport.domain;

/** The clouds a cluster can run in; stored by name in {@code cluster.provider}. */
public enum CloudKind {
  AWS,
  AZURE
}
