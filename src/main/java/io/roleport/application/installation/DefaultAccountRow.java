package io.roleport.application.installation;

import io.roleport.domain.CloudKind;

/**
 * An organization that still has live clusters in the installation's default account: how many, and the account it
 * has bound since, if any ({@code ownAccount} null: not bound, so its new clusters go there too).
 */
public record DefaultAccountRow(String slug, String name, CloudKind ownCloud, String ownAccount, long clusters)
    implements java.io.Serializable {

  /** Whether the organization has its own account now: these clusters stay behind in the default account. */
  public boolean boundSince() {
    return ownAccount != null;
  }
}
