package io.roleport.application.thirdparty;

import java.util.Optional;

/**
 * What a third party sees about its own organization: its name, the ISV that manages it, and its own
 * account with the role names Roleport uses there (so it knows what to remove to revoke). Deliberately
 * no installation data: no default account, no Roleport principal, no other organization.
 */
public record ThirdPartyView(String slug, String name, String managedBy, Optional<String> accountId,
    String automationRoleName, String supportRoleName, boolean revoked) {}
