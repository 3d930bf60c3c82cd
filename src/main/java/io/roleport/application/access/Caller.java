package io.roleport.application.access;

import java.util.Set;

/**
 * The person a request acts for: a stable subject from the identity provider (used as the AWS
 * SourceIdentity, never the e-mail), a display name, the identity provider's groups and the installation
 * roles those groups give.
 */
public record Caller(String subject, String displayName, Set<String> groups, boolean platformAdmin,
    boolean support) implements java.io.Serializable {
  public Caller {
    groups = Set.copyOf(groups);
  }

  /** The operator side sees every organization (read-only unless also mapped). */
  public boolean seesAllOrganizations() {
    return platformAdmin || support;
  }
}
