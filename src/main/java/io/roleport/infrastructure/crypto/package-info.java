/**
 * Encryption of secrets at rest (rule 9): {@link io.roleport.infrastructure.crypto.AesGcmSecretCipher}
 * implements the application's {@link io.roleport.application.SecretCipher} port with keys from configuration.
 */
package io.roleport.infrastructure.crypto;
