package io.roleport.application.clusters;

/**
 * A cloud call failed. {@code retryable} says whether trying the same step again later may succeed
 * (throttling, a resource still busy) or not (access denied, invalid request).
 */
public class CloudException extends RuntimeException {
  private final String code;
  private final boolean retryable;

  public CloudException(String code, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
