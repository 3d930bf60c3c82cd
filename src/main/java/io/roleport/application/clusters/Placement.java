package io.roleport.application.clusters;

import io.roleport.domain.PlacementKind;

/** Where a new cluster of an organization would go: its own account or the installation's default. */
public record Placement(String accountId, PlacementKind kind) implements java.io.Serializable {}
