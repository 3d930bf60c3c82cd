package io.roleport.application.clusters;

import java.time.Instant;

/** Temporary cloud credentials of one session; {@code toString} shows only the key id and expiry. */
public record SessionCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt) {

  @Override
  public String toString() {
    return "SessionCredentials[" + accessKeyId + ", expires " + expiresAt + "]";
  }
}
