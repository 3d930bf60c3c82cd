package io.roleport.infrastructure.crypto;

import io.roleport.application.SecretCipher;
import io.roleport.infrastructure.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit IV per secret and a 128-bit tag. The key id and the secret's context (its purpose
 * and owner, e.g. {@code azure_secret_version:42:3}) are authenticated as associated data, so a ciphertext cannot be
 * passed off under another key id, nor moved to another row, organization or purpose. Bound ciphertexts start with
 * {@value #BOUND}; older ones (key id only) open only through {@link #decryptUnbound}, for re-sealing. Keys come from configuration
 * ({@code roleport.crypto.key}, {@code roleport.crypto.key-id}, {@code roleport.crypto.previous-keys}), never
 * from the database. Nothing here logs a secret or a key.
 */
@ApplicationScoped
public class AesGcmSecretCipher implements SecretCipher {
  static final String BOUND = "v2.";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject Settings settings;

  private volatile Keys keys;

  public AesGcmSecretCipher() {}

  /** A cipher with explicit keys (tests, the re-encryption tool): {@code previousKeys} as {@code id:base64,...}. */
  public AesGcmSecretCipher(String keyId, String base64Key, String previousKeys) {
    this.keys = Keys.parse(keyId, base64Key, previousKeys);
  }

  @Override
  public Sealed encrypt(String plaintext, String context) {
    if (context == null || context.isBlank()) {
      throw new IllegalArgumentException("a secret is sealed for a context");
    }
    Keys k = keys();
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, k.byId.get(k.currentId), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(associatedData(k.currentId, context));
      byte[] out = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return new Sealed(k.currentId, BOUND + Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(iv.length + out.length).put(iv).put(out).array()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  @Override
  public String decrypt(Sealed sealed, String context) {
    if (!isBound(sealed)) {
      throw new IllegalStateException("A stored secret (key id " + sealed.keyId() + ") is not bound to its owner:"
          + " it must be re-sealed first");
    }
    return open(sealed.keyId(), sealed.ciphertext().substring(BOUND.length()), associatedData(sealed.keyId(), context));
  }

  @Override
  public String decryptUnbound(Sealed sealed) {
    if (isBound(sealed)) {
      throw new IllegalStateException("A bound secret opens only for its context");
    }
    return open(sealed.keyId(), sealed.ciphertext(), sealed.keyId().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean isBound(Sealed sealed) {
    return sealed.ciphertext() != null && sealed.ciphertext().startsWith(BOUND);
  }

  private static byte[] associatedData(String keyId, String context) {
    return (keyId + "\n" + context).getBytes(StandardCharsets.UTF_8);
  }

  private String open(String keyId, String ciphertext, byte[] associatedData) {
    Sealed sealed = new Sealed(keyId, ciphertext);
    SecretKey key = keys().byId.get(sealed.keyId());
    if (key == null) {
      throw new IllegalStateException("No key with id '" + sealed.keyId()
          + "' is configured (roleport.crypto.key-id / roleport.crypto.previous-keys)");
    }
    try {
      byte[] all = Base64.getDecoder().decode(sealed.ciphertext());
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
      cipher.updateAAD(associatedData);
      return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("A stored secret (key id " + sealed.keyId() + ") cannot be decrypted", e);
    }
  }

  @Override
  public String currentKeyId() {
    return keys().currentId;
  }

  private Keys keys() {
    Keys k = keys;
    if (k == null) {
      k = Keys.parse(settings.cryptoKeyId(), settings.cryptoKey().orElseThrow(() -> new IllegalStateException(
          "roleport.crypto.key is not set: secrets cannot be stored")), settings.cryptoPreviousKeys().orElse(""));
      keys = k;
    }
    return k;
  }

  /** The current key and every key that may still open older secrets. */
  private record Keys(String currentId, Map<String, SecretKey> byId) {
    static Keys parse(String currentId, String currentKey, String previous) {
      Map<String, SecretKey> byId = new LinkedHashMap<>();
      if (previous != null) {
        for (String entry : previous.split(",")) {
          if (entry.isBlank()) {
            continue;
          }
          int colon = entry.indexOf(':');
          if (colon < 1) {
            throw new IllegalStateException("roleport.crypto.previous-keys: expected id:base64, got an entry without id");
          }
          byId.put(entry.substring(0, colon).strip(), key(entry.substring(colon + 1).strip(), "previous key"));
        }
      }
      byId.put(currentId, key(currentKey, "roleport.crypto.key"));
      return new Keys(currentId, Map.copyOf(byId));
    }

    private static SecretKey key(String base64, String what) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(base64.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(what + " is not base64");
      }
      if (bytes.length != 32) {
        throw new IllegalStateException(what + " must be 32 bytes (AES-256), is " + bytes.length);
      }
      return new SecretKeySpec(bytes, "AES");
    }
  }
}
