package io.roleport.application;

/**
 * Port: seals secrets for storage (rule 9) and opens them again. The sealed form names the key it was
 * sealed under, so keys can be rotated: new secrets use the current key, older ones still open with the
 * previous keys the installation keeps configured.
 */
public interface SecretCipher {

  /** Encrypts {@code plaintext} under the current key. */
  Sealed encrypt(String plaintext);

  /**
   * Decrypts a sealed secret with the key its id names.
   *
   * @throws IllegalStateException when that key is not configured or the ciphertext was altered
   */
  String decrypt(Sealed sealed);

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
