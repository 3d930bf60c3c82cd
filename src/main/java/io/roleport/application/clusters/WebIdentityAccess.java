package io.roleport.application.clusters;

import io.roleport.application.InstallationProfile;
import io.roleport.application.SecretCipher;
import io.roleport.application.access.Caller;
import io.roleport.application.access.IdentityToken;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.AuditEvent.Outcome;
import io.roleport.domain.AwsBinding;
import io.roleport.domain.DomainException;
import io.roleport.domain.Operation;
import io.roleport.domain.OperationSession;
import io.roleport.domain.OperationSessionRepository;
import io.roleport.domain.Organization;
import io.roleport.domain.RoleArn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Sessions in accounts that trust people's own sign-in (AWS web identity). The person's ID token must be
 * fresh enough (else they are asked to sign in again); it is exchanged for a role session at the moment they
 * act, each exchange is audited, and the session an operation runs with is stored sealed and dropped when
 * the operation ends. The token itself is never stored.
 */
@ApplicationScoped
public class WebIdentityAccess {

  @Inject WebIdentitySessions sessions;
  @Inject OperationSessionRepository operationSessions;
  @Inject SecretCipher cipher;
  @Inject InstallationProfile installation;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  /**
   * A session of {@code role} for the caller, with their own ID token.
   *
   * @throws DomainException {@code webIdentity.signInAgain} when the caller's sign-in is too old (or kept no
   *     token), {@code webIdentity.refused} when the account does not trust this person's token
   */
  public SessionCredentials sessionFor(Caller caller, Organization org, RoleArn role) {
    IdentityToken token = freshToken(caller, org);
    try {
      SessionCredentials session = sessions.assume(role, token, caller.subject());
      audit.standalone(caller.subject(), org.id(), role.accountId().value(), "role.assumed", Outcome.OK,
          role.value() + " for org " + org.slug() + " with the person's own sign-in (web identity)");
      return session;
    } catch (CloudException refused) {
      audit.standalone(caller.subject(), org.id(), role.accountId().value(), "role.assumed", Outcome.REFUSED,
          role.value() + " with web identity: " + refused.code());
      if ("ExpiredTokenException".equals(refused.code())) {
        throw new DomainException("webIdentity.signInAgain", org.name(), token.expiresAt());
      }
      throw new DomainException("webIdentity.refused", role.value(), caller.subject(), refused.code(),
          refused.getMessage());
    }
  }

  /**
   * The caller's ID token when it stays valid long enough to be exchanged now.
   *
   * @throws DomainException {@code webIdentity.signInAgain} otherwise
   */
  public IdentityToken freshToken(Caller caller, Organization org) {
    return usableToken(caller).orElseThrow(() -> new DomainException("webIdentity.signInAgain", org.name(),
            caller.token().map(IdentityToken::expiresAt).map(Object::toString).orElse("-")));
  }

  /** The caller's ID token if it stays valid for the configured margin from now. */
  public Optional<IdentityToken> usableToken(Caller caller) {
    Instant now = clock.instant();
    return caller.token().filter(t -> t.usableAt(now, installation.webIdentityTokenMargin()));
  }

  /** The session for the organization's automation role, when its binding trusts people's own sign-in. */
  public Optional<SessionCredentials> automationSessionFor(Caller caller, Organization org) {
    Optional<AwsBinding> binding = org.awsBinding().filter(AwsBinding::usesWebIdentity);
    return binding.map(b -> sessionFor(caller, org, b.automationRole()));
  }

  /** Stores the session {@code operation} will run with, sealed. */
  public void attach(Operation operation, SessionCredentials session) {
    var sealed = cipher.encrypt(String.join("\n", session.accessKeyId(), session.secretAccessKey(),
        session.sessionToken()), sealContext(operation));
    operationSessions.add(new OperationSession(operation, sealed.keyId(), sealed.ciphertext(),
        session.expiresAt()));
  }

  /**
   * The session an operation runs with.
   *
   * @throws CloudException {@code WebIdentitySessionEnded} (not retryable) when it has none or it has expired
   */
  public SessionCredentials sessionOf(Operation operation, Instant now) {
    OperationSession stored = operationSessions.find(operation).filter(s -> !s.expiredAt(now))
        .orElseThrow(() -> new CloudException("WebIdentitySessionEnded", "the session obtained with "
            + operation.requestedBy() + "'s sign-in has ended before the operation finished; sign in again and"
            + " repeat the action", false, null));
    String[] parts;
    try {
      parts = cipher.decrypt(new SecretCipher.Sealed(stored.keyId(), stored.ciphertext()), sealContext(operation))
          .split("\n", 3);
    } catch (IllegalStateException e) {
      throw new CloudException("WebIdentitySessionEnded", "the session stored for this operation cannot be opened;"
          + " sign in again and repeat the action", false, e);
    }
    return new SessionCredentials(parts[0], parts[1], parts[2], stored.expiresAt());
  }

  /** What an operation's sealed session is bound to: that operation (its idempotency token never changes). */
  private static String sealContext(Operation operation) {
    return "operation_session:" + operation.clusterToken();
  }

  /** Forgets the session of a finished operation. */
  public void detach(Operation operation) {
    operationSessions.remove(operation);
  }
}
