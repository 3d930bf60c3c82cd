package io.roleport.application.thirdparty;

import java.util.Optional;

/**
 * What a third party sees about its own organization: its name, the ISV that manages it, and its own
 * account with the role names Roleport uses there (so it knows what to remove to revoke). Deliberately
 * no installation data: no default account, no Roleport principal, no other organization. Serializable: a
 * view-scoped bean keeps it in the session, shared between instances (so no {@code Optional} field).
 */
public record ThirdPartyView(String slug, String name, String managedBy, String account, String automationRoleName,
    String supportRoleName, boolean revoked) implements java.io.Serializable {

  public ThirdPartyView(String slug, String name, String managedBy, Optional<String> accountId,
      String automationRoleName, String supportRoleName, boolean revoked) {
    this(slug, name, managedBy, accountId.orElse(null), automationRoleName, supportRoleName, revoked);
  }

  /** The third party's own account, once bound. */
  public Optional<String> accountId() {
    return Optional.ofNullable(account);
  }
}
