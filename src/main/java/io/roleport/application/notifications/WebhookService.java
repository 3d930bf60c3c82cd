package io.roleport.application.notifications;

import io.roleport.application.SecretCipher;
import io.roleport.application.access.Caller;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.DomainException;
import io.roleport.domain.Organization;
import io.roleport.domain.Webhook;
import io.roleport.domain.WebhookRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An organization's webhook: its administrators register an https URL (checked by {@link WebhookTransport#refusal}),
 * rotate the signing secret and remove it; each of these is audited, and a refusal changes nothing. The secret is
 * made here, shown once (the answer of register and rotate) and stored sealed. Administrators and platform operators
 * see the registration (the fingerprint, never the secret) and the delivery log.
 */
@ApplicationScoped
public class WebhookService {
  static final int LOG_SIZE = 50;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject TenantGuard guard;
  @Inject WebhookRepository webhooks;
  @Inject WebhookTransport transport;
  @Inject SecretCipher cipher;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  /** The secret, shown once after it was made: whoever registered or rotated copies it into their receiver. */
  public record NewSecret(String secret, String fingerprint) {
    @Override
    public String toString() {
      return "NewSecret[" + fingerprint + "]";
    }
  }

  /** The registration and the latest deliveries. */
  @Transactional
  public WebhookView view(OrgAccess access) {
    access.requireAdminister();
    Organization org = access.organization();
    Optional<Webhook> webhook = webhooks.of(org);
    var deliveries = webhooks.deliveries(org, LOG_SIZE).stream().map(WebhookView.Delivery::of).toList();
    return webhook.map(w -> new WebhookView(w.url(), w.secretFingerprint(), w.createdBy(), w.createdAt(),
        w.secretRotatedAt(), deliveries)).orElse(new WebhookView(null, null, null, null, null, deliveries));
  }

  @Transactional
  public WebhookView view(Caller caller, String slug) {
    return view(guard.require(caller, slug));
  }

  /** Registers the organization's webhook; answers its secret, which is never shown again. */
  @Transactional(dontRollbackOn = DomainException.class)
  public NewSecret register(Caller caller, String slug, String url) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    try {
      access.requireOrgAdmin();
      String u = url == null ? "" : url.strip();
      if (u.isEmpty()) {
        throw new DomainException("webhook.url.required");
      }
      Optional<String> refusal = transport.refusal(u);
      if (refusal.isPresent()) {
        throw new DomainException(refusal.get(), u);
      }
      if (webhooks.of(org).isPresent()) {
        throw new DomainException("webhook.alreadyRegistered");
      }
      NewSecret secret = newSecret();
      SecretCipher.Sealed sealed = cipher.encrypt(secret.secret(), Webhook.secretContext(org));
      webhooks.add(new Webhook(org, u, sealed.keyId(), sealed.ciphertext(), secret.fingerprint(), caller.subject(),
          clock.instant()));
      audit.ok(caller.subject(), org.id(), null, "webhook.registered", u + " secret " + secret.fingerprint());
      return secret;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "webhook.registered", refused.key());
      throw refused;
    }
  }

  /** Replaces the signing secret; answers the new one, which is never shown again. */
  @Transactional(dontRollbackOn = DomainException.class)
  public NewSecret rotate(Caller caller, String slug) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    try {
      access.requireOrgAdmin();
      Webhook webhook = webhooks.of(org).orElseThrow(() -> new DomainException("webhook.none"));
      NewSecret secret = newSecret();
      SecretCipher.Sealed sealed = cipher.encrypt(secret.secret(), Webhook.secretContext(org));
      webhook.rotate(sealed.keyId(), sealed.ciphertext(), secret.fingerprint(), clock.instant());
      audit.ok(caller.subject(), org.id(), null, "webhook.secretRotated", "secret " + secret.fingerprint());
      return secret;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "webhook.secretRotated", refused.key());
      throw refused;
    }
  }

  /** Removes the webhook and its delivery log; events from now on are not sent anywhere. */
  @Transactional(dontRollbackOn = DomainException.class)
  public void remove(Caller caller, String slug) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    try {
      access.requireOrgAdmin();
      Webhook webhook = webhooks.of(org).orElseThrow(() -> new DomainException("webhook.none"));
      webhooks.remove(webhook);
      audit.ok(caller.subject(), org.id(), null, "webhook.removed", webhook.url());
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "webhook.removed", refused.key());
      throw refused;
    }
  }

  private static NewSecret newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new NewSecret(secret, fingerprint(secret));
  }

  /** The first 12 hex digits of the secret's SHA-256: what pages and the audit show instead of it. */
  public static String fingerprint(String secret) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
