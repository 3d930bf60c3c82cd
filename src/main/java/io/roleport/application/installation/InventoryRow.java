package io.roleport.application.installation;

import io.roleport.domain.OrgKind;

/** One organization in the inventory: where its clusters run and how many are live. */
public record InventoryRow(String slug, String name, OrgKind kind, String parentSlug, String accountId,
    long liveClusters) implements java.io.Serializable {}
