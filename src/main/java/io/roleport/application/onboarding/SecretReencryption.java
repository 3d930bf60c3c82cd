package io.roleport.application.onboarding;

import io.roleport.application.SecretCipher;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.AzureSecretVersion;
import io.roleport.domain.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The second half of a key rotation (rule 9): opens every stored secret that is still sealed under an older
 * key and seals it again under the current one, checking by fingerprint that it is the same secret. After it
 * ran, the older keys can be removed from configuration. Audited per organization; no secret is logged.
 */
@ApplicationScoped
public class SecretReencryption {

  @Inject OrganizationRepository organizations;
  @Inject SecretCipher cipher;
  @Inject AuditTrail audit;

  /** Re-encrypts what is not under the current key; returns how many secret versions changed. */
  @Transactional
  public int reencryptAll(String actor) {
    String current = cipher.currentKeyId();
    int count = 0;
    for (AzureSecretVersion version : organizations.azureSecretsNotUnder(current)) {
      String oldKey = version.keyId();
      SecretCipher.Sealed stored = new SecretCipher.Sealed(oldKey, version.ciphertext());
      // Secrets sealed before they were bound to their owner are bound now, under the new key.
      String secret = cipher.isBound(stored) ? cipher.decrypt(stored, version.sealContext())
          : cipher.decryptUnbound(stored);
      if (!AzureOnboardingService.fingerprint(secret).equals(version.fingerprint())) {
        throw new IllegalStateException("secret version " + version.versionNo() + " does not match its fingerprint");
      }
      SecretCipher.Sealed sealed = cipher.encrypt(secret, version.sealContext());
      version.reseal(sealed.keyId(), sealed.ciphertext());
      audit.ok(actor, version.binding().organization().id(), version.binding().subscriptionId().value(),
          "secret.reencrypted", "secret v" + version.versionNo() + " from key " + oldKey + " to " + sealed.keyId());
      count++;
    }
    return count;
  }
}
