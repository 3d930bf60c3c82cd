package io.roleport.application;

/**
 * Port: seals secrets for storage (rule 9) and opens them again. The sealed form names the key it was
 * sealed under, so keys can be rotated: new secrets use the current key, older ones still open with the
 * previous keys the installation keeps configured.
 */
public interface SecretCipher {

  /**
   * Encrypts {@code plaintext} under the current key, bound to {@code context}: what the secret is and whose it is
   * (for example {@code azure_secret_version:<org id>:<version>}). It opens only with the same context, so a
   * ciphertext copied to another row, organization or purpose does not decrypt.
   */
  Sealed encrypt(String plaintext, String context);

  /**
   * Decrypts a sealed secret with the key its id names, for {@code context}.
   *
   * @throws IllegalStateException when that key is not configured, the ciphertext was altered, or it was sealed for
   *     another context (or before secrets were bound to one)
   */
  String decrypt(Sealed sealed, String context);

  /**
   * Decrypts a secret sealed before secrets were bound to a context (bound to the key id only). Only for re-sealing
   * such secrets once, at start-up ({@code SecretReencryption}); never to use a secret.
   */
  String decryptUnbound(Sealed sealed);

  /** Whether {@code sealed} is bound to a context (sealed by {@link #encrypt(String, String)}). */
  boolean isBound(Sealed sealed);

  /** The id of the key new secrets are sealed under. */
  String currentKeyId();

  /** A secret as stored: the key id and the ciphertext (base64 of IV and AES-GCM output). */
  record Sealed(String keyId, String ciphertext) {
    @Override
    public String toString() {
      return "Sealed[" + keyId + "]";
    }
  }
}
