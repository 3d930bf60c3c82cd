package io.roleport.infrastructure.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.SecretCipher.Sealed;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AesGcmSecretCipherTest {
  private static final String SECRET = "initech-sp-secret-local-only";
  private static final String CONTEXT = "azure_secret_version:7:1";

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @Test
  void aSealedSecretOpensWithItsKeyAndNamesIt() {
    AesGcmSecretCipher cipher = new AesGcmSecretCipher("k1", newKey(), null);

    Sealed sealed = cipher.encrypt(SECRET, CONTEXT);

    assertEquals("k1", sealed.keyId());
    assertFalse(sealed.ciphertext().contains(SECRET));
    assertFalse(new String(Base64.getDecoder().decode(body(sealed))).contains(SECRET));
    assertEquals(SECRET, cipher.decrypt(sealed, CONTEXT));
    assertFalse(sealed.toString().contains(sealed.ciphertext()));
  }

  @Test
  void everySealingUsesAFreshIv() {
    AesGcmSecretCipher cipher = new AesGcmSecretCipher("k1", newKey(), null);

    Sealed a = cipher.encrypt(SECRET, CONTEXT);
    Sealed b = cipher.encrypt(SECRET, CONTEXT);

    assertNotEquals(a.ciphertext(), b.ciphertext());
    byte[] ivA = java.util.Arrays.copyOf(Base64.getDecoder().decode(body(a)), 12);
    byte[] ivB = java.util.Arrays.copyOf(Base64.getDecoder().decode(body(b)), 12);
    assertFalse(java.util.Arrays.equals(ivA, ivB));
  }

  @Test
  void theWrongKeyDoesNotOpenASecret() {
    Sealed sealed = new AesGcmSecretCipher("k1", newKey(), null).encrypt(SECRET, CONTEXT);

    AesGcmSecretCipher other = new AesGcmSecretCipher("k1", newKey(), null);

    assertThrows(IllegalStateException.class, () -> other.decrypt(sealed, CONTEXT));
  }

  @Test
  void aTamperedCiphertextOrKeyIdIsRefused() {
    AesGcmSecretCipher cipher = new AesGcmSecretCipher("k1", newKey(), null);
    Sealed sealed = cipher.encrypt(SECRET, CONTEXT);
    byte[] bytes = Base64.getDecoder().decode(body(sealed));
    bytes[bytes.length - 1] ^= 1;

    assertThrows(IllegalStateException.class,
        () -> cipher.decrypt(new Sealed("k1", AesGcmSecretCipher.BOUND + Base64.getEncoder().encodeToString(bytes)),
            CONTEXT));
  }

  @Test
  void aCiphertextPassedOffUnderAnotherKeyIdIsRefusedEvenWhenThatIdNamesTheSameKey() {
    String key = newKey();
    AesGcmSecretCipher cipher = new AesGcmSecretCipher("k1", key, "k0:" + key); // two ids, one key
    Sealed sealed = cipher.encrypt(SECRET, CONTEXT);

    assertEquals(SECRET, cipher.decrypt(sealed, CONTEXT));
    assertThrows(IllegalStateException.class, () -> cipher.decrypt(new Sealed("k0", sealed.ciphertext()), CONTEXT));
  }

  @Test
  void aCiphertextMovedToAnotherRowOrOrganizationIsRefused() {
    AesGcmSecretCipher cipher = new AesGcmSecretCipher("k1", newKey(), null);
    Sealed sealed = cipher.encrypt(SECRET, CONTEXT);

    assertThrows(IllegalStateException.class, () -> cipher.decrypt(sealed, "azure_secret_version:7:2"));
    assertThrows(IllegalStateException.class, () -> cipher.decrypt(sealed, "azure_secret_version:8:1"));
    assertThrows(IllegalStateException.class, () -> cipher.decrypt(sealed, "operation_session:7"));
  }

  @Test
  void aSecretSealedBeforeContextsOpensOnlyForReSealing() throws Exception {
    String key = newKey();
    byte[] iv = new byte[12];
    new SecureRandom().nextBytes(iv);
    javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(key), "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, iv));
    gcm.updateAAD("k1".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // the former format: key id only
    byte[] out = gcm.doFinal(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Sealed legacy = new Sealed("k1", Base64.getEncoder().encodeToString(
        java.nio.ByteBuffer.allocate(iv.length + out.length).put(iv).put(out).array()));
    AesGcmSecretCipher cipher = new AesGcmSecretCipher("k1", key, null);

    assertFalse(cipher.isBound(legacy));
    assertThrows(IllegalStateException.class, () -> cipher.decrypt(legacy, CONTEXT));
    assertEquals(SECRET, cipher.decryptUnbound(legacy));
    assertThrows(IllegalStateException.class, () -> cipher.decryptUnbound(cipher.encrypt(SECRET, CONTEXT)));
  }

  private static String body(Sealed sealed) {
    assertTrue(sealed.ciphertext().startsWith(AesGcmSecretCipher.BOUND), sealed.ciphertext());
    return sealed.ciphertext().substring(AesGcmSecretCipher.BOUND.length());
  }

  @Test
  void afterAKeyRotationOldSecretsOpenWithThePreviousKeyAndNewOnesUseTheNewKey() {
    String oldKey = newKey();
    Sealed old = new AesGcmSecretCipher("k1", oldKey, null).encrypt(SECRET, CONTEXT);

    AesGcmSecretCipher rotated = new AesGcmSecretCipher("k2", newKey(), "k1:" + oldKey);

    assertEquals(SECRET, rotated.decrypt(old, CONTEXT));
    assertEquals("k2", rotated.encrypt(SECRET, CONTEXT).keyId());
    assertEquals("k2", rotated.currentKeyId());
  }

  @Test
  void aKeyOfTheWrongLengthIsRefused() {
    assertThrows(IllegalStateException.class,
        () -> new AesGcmSecretCipher("k1", Base64.getEncoder().encodeToString(new byte[16]), null));
  }
}
