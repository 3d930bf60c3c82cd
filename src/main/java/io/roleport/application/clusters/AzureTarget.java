package io.roleport.application.clusters;

import io.roleport.application.AzureCredentials;

/**
 * Where and as whom an Azure call runs: the service principal of the cluster's subscription (the
 * organization's own, or the installation's default), the region, and the person and organization it is for
 * (recorded in tags and the audit log; Azure has no per-call session identity like AWS's SourceIdentity).
 */
public record AzureTarget(AzureCredentials credentials, String region, String actorSubject, String orgSlug) {}
