package io.roleport.application.access;

import java.util.Set;

/**
 * The person a request acts for. {@code identityOrg} is set when they signed in through a third party's own
 * identity provider: they are then a third-party user of that organization only.
 *
 * <p>The person a request acts for: a stable subject from the identity provider (used as the AWS
 * SourceIdentity, never the e-mail), a display name, the identity provider's groups and the installation
 * roles those groups give.
 */
public record Caller(String subject, String displayName, Set<String> groups, boolean platformAdmin,
    boolean support, String identityOrg, IdentityToken identityToken) implements java.io.Serializable {
  public Caller {
    groups = Set.copyOf(groups);
    if (identityOrg != null && (platformAdmin || support || !groups.isEmpty())) {
      throw new IllegalArgumentException("a third party's own sign-in carries no groups or installation roles");
    }
  }

  /** Someone signed in through the installation's (corporate) identity provider. */
  public Caller(String subject, String displayName, Set<String> groups, boolean platformAdmin, boolean support) {
    this(subject, displayName, groups, platformAdmin, support, null, null);
  }

  /** This corporate sign-in with the ID token it came with (for accounts that trust the person's own sign-in). */
  public Caller withIdentityToken(IdentityToken token) {
    if (identityOrg != null) {
      throw new IllegalArgumentException("only a corporate sign-in carries a token AWS accounts may trust");
    }
    return new Caller(subject, displayName, groups, platformAdmin, support, null, token);
  }

  /** The corporate ID token of this sign-in, if it kept one. */
  public java.util.Optional<IdentityToken> token() {
    return java.util.Optional.ofNullable(identityToken);
  }

  /** Someone signed in through the own identity provider of third-party organization {@code slug}. */
  public static Caller ofThirdPartyProvider(String slug, String subject, String displayName) {
    return new Caller(slug + ":" + subject, displayName, Set.of(), false, false, slug, null);
  }

  /** The operator side sees every organization (read-only unless also mapped). */
  public boolean seesAllOrganizations() {
    return platformAdmin || support;
  }
}
