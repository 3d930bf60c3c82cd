package io.roleport.application.clusters;

import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;

/**
 * Where and as whom a cloud call runs: the role to assume (with its ExternalId) in the cluster's account,
 * the region, and the person and organization the session is attributed to.
 */
public record CloudTarget(RoleArn role, ExternalId externalId, String region, String actorSubject, String orgSlug) {}
