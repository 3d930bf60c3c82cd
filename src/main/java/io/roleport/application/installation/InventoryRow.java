package io.roleport.application.installation;

import io.roleport.domain.CloudKind;
import io.roleport.domain.OrgKind;

/**
 * One organization in the inventory: where its clusters run and how many are live. {@code cloud} and
 * {@code accountId} name its own binding (AWS account id or Azure subscription id); both null: the default account.
 */
public record InventoryRow(String slug, String name, OrgKind kind, String parentSlug, CloudKind cloud,
    String accountId, long liveClusters) implements java.io.Serializable {}
