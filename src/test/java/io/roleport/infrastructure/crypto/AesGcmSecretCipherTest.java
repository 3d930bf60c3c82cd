package io.roleport.infrastructure.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roleport.application.SecretCipher.Sealed;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AesGcmSecretCipherTest {
  private static final String SECRET = "initech-sp-secret-local-only";

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @Test
  void aSealedSecretOpensWithItsKeyAndNamesIt() {
    AesGcmSecretCipher cipher = new AesGcmSecretCipher("k1", newKey(), null);

    Sealed sealed = cipher.encrypt(SECRET);

    assertEquals("k1", sealed.keyId());
    assertFalse(sealed.ciphertext().contains(SECRET));
    assertFalse(new String(Base64.getDecoder().decode(sealed.ciphertext())).contains(SECRET));
    assertEquals(SECRET, cipher.decrypt(sealed));
    assertFalse(sealed.toString().contains(sealed.ciphertext()));
  }

  @Test
  void everySealingUsesAFreshIv() {
    AesGcmSecretCipher cipher = new AesGcmSecretCipher("k1", newKey(), null);

    Sealed a = cipher.encrypt(SECRET);
    Sealed b = cipher.encrypt(SECRET);

    assertNotEquals(a.ciphertext(), b.ciphertext());
    byte[] ivA = java.util.Arrays.copyOf(Base64.getDecoder().decode(a.ciphertext()), 12);
    byte[] ivB = java.util.Arrays.copyOf(Base64.getDecoder().decode(b.ciphertext()), 12);
    assertFalse(java.util.Arrays.equals(ivA, ivB));
  }

  @Test
  void theWrongKeyDoesNotOpenASecret() {
    Sealed sealed = new AesGcmSecretCipher("k1", newKey(), null).encrypt(SECRET);

    AesGcmSecretCipher other = new AesGcmSecretCipher("k1", newKey(), null);

    assertThrows(IllegalStateException.class, () -> other.decrypt(sealed));
  }

  @Test
  void aTamperedCiphertextOrKeyIdIsRefused() {
    AesGcmSecretCipher cipher = new AesGcmSecretCipher("k1", newKey(), null);
    Sealed sealed = cipher.encrypt(SECRET);
    byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
    bytes[bytes.length - 1] ^= 1;

    assertThrows(IllegalStateException.class,
        () -> cipher.decrypt(new Sealed("k1", Base64.getEncoder().encodeToString(bytes))));
    assertThrows(IllegalStateException.class, () -> cipher.decrypt(new Sealed("k0", sealed.ciphertext())));
  }

  @Test
  void afterAKeyRotationOldSecretsOpenWithThePreviousKeyAndNewOnesUseTheNewKey() {
    String oldKey = newKey();
    Sealed old = new AesGcmSecretCipher("k1", oldKey, null).encrypt(SECRET);

    AesGcmSecretCipher rotated = new AesGcmSecretCipher("k2", newKey(), "k1:" + oldKey);

    assertEquals(SECRET, rotated.decrypt(old));
    assertEquals("k2", rotated.encrypt(SECRET).keyId());
    assertEquals("k2", rotated.currentKeyId());
  }

  @Test
  void aKeyOfTheWrongLengthIsRefused() {
    assertThrows(IllegalStateException.class,
        () -> new AesGcmSecretCipher("k1", Base64.getEncoder().encodeToString(new byte[16]), null));
  }
}
