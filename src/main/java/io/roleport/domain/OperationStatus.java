package io.roleport.domain;

/** Where a durable operation is. */
public enum OperationStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED;

  public boolean isFinished() {
    return this == SUCCEEDED || this == FAILED;
  }
}
