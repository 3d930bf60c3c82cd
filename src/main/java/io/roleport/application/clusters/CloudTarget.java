package io.roleport.application.clusters;

import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;

/**
 * Where and as whom a cloud call runs: the role in the cluster's account, the region, and the person and
 * organization the session is attributed to. Either Roleport assumes the role (with its ExternalId), or
 * {@code session} holds the credentials obtained with the person's own sign-in (web identity).
 */
public record CloudTarget(RoleArn role, ExternalId externalId, String region, String actorSubject, String orgSlug,
    SessionCredentials session) {

  /** A target Roleport reaches by assuming {@code role} with {@code externalId}. */
  public CloudTarget(RoleArn role, ExternalId externalId, String region, String actorSubject, String orgSlug) {
    this(role, externalId, region, actorSubject, orgSlug, null);
  }
}
