package io.roleport.application.installation;

import io.roleport.domain.CloudKind;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.PlacementKind;
import java.time.Instant;

/** One cluster in the operators' list across organizations: the cluster, its organization and where it runs. */
public record ClusterOverview(long id, String orgSlug, String orgName, String name, ClusterStatus status,
    CloudKind cloud, String region, String account, PlacementKind placement, Instant createdAt)
    implements java.io.Serializable {}
