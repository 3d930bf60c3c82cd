package io.roleport.domain;

/**
 * What a list of clusters shows of one cluster, read as these columns only (issue #13): a list page neither loads
 * the whole row (the certificate authority, the network's ids, the placement's role) nor keeps an entity per row.
 */
public record ClusterListing(Long id, String name, ClusterStatus status, String region, String kubernetesVersion,
    PlacementKind placementKind, String placementAccount) {}
