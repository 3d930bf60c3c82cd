package io.roleport.application.clusters;

import io.roleport.application.access.IdentityToken;
import io.roleport.domain.RoleArn;

/**
 * Port: exchanges a person's own ID token for a session of a role in an account that trusts the corporate
 * identity provider (AWS AssumeRoleWithWebIdentity). Roleport's installation principal plays no part.
 */
public interface WebIdentitySessions {

  /**
   * @throws CloudException with the cloud's error code ({@code AccessDenied}, {@code InvalidIdentityToken},
   *     {@code ExpiredTokenException}, ...) when the account refuses
   */
  SessionCredentials assume(RoleArn role, IdentityToken token, String actorSubject);

  /**
   * Proves that {@code role} accepts the person's token, as their kubectl's {@code aws eks get-token} will ask it: a
   * session of the shortest length (15 minutes), dropped at once. Used only by validation.
   *
   * @throws CloudException with the cloud's error code when the role refuses
   */
  void proveAccepts(RoleArn role, IdentityToken token, String actorSubject);

  /** The account id the session belongs to, as the cloud reports it (GetCallerIdentity). */
  String accountOf(SessionCredentials session);
}
