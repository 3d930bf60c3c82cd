package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * One client secret of an {@link AzureBinding}, as stored: encrypted (AES-GCM, with the id of the key it was
 * sealed under), with a fingerprint (first 12 hex digits of the secret's SHA-256) that the pages show instead
 * of the secret. Append-only: the database refuses DELETE and any UPDATE but the time of last successful use
 * (and a re-encryption under a new key, which changes the key id).
 */
@Entity
@Table(name = "azure_secret_version")
public class AzureSecretVersion implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "org_id", updatable = false)
  private AzureBinding binding;

  @Column(name = "version_no", nullable = false, updatable = false)
  private int versionNo;

  @Column(name = "key_id", nullable = false, length = 40)
  private String keyId;

  @Column(nullable = false, length = 2000)
  private String ciphertext;

  @Column(nullable = false, updatable = false, length = 12)
  private String fingerprint;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "expires_on", updatable = false)
  private Instant expiresOn;

  @Column(name = "last_verified_at")
  private Instant lastVerifiedAt;

  protected AzureSecretVersion() {}

  AzureSecretVersion(AzureBinding binding, int versionNo, String keyId, String ciphertext, String fingerprint,
      Instant expiresOn, Instant now) {
    if (keyId == null || keyId.isBlank() || ciphertext == null || ciphertext.isBlank()) {
      throw new DomainException("azure.secret.notSealed");
    }
    if (fingerprint == null || !fingerprint.matches("[0-9a-f]{12}")) {
      throw new DomainException("azure.secret.fingerprint");
    }
    this.binding = binding;
    this.versionNo = versionNo;
    this.keyId = keyId;
    this.ciphertext = ciphertext;
    this.fingerprint = fingerprint;
    this.expiresOn = expiresOn;
    this.createdAt = now;
    this.lastVerifiedAt = now;
  }

  /**
   * Stores the same secret sealed under another key (key rotation): the fingerprint proves it is the same
   * secret, and the database refuses a new ciphertext under the same key id.
   */
  public void reseal(String newKeyId, String newCiphertext) {
    if (newKeyId == null || newKeyId.equals(keyId) || newCiphertext == null || newCiphertext.isBlank()) {
      throw new DomainException("azure.secret.notSealed");
    }
    this.keyId = newKeyId;
    this.ciphertext = newCiphertext;
  }

  public AzureBinding binding() {
    return binding;
  }

  /** The secret authenticated again (a cloud call succeeded with it). */
  public void verified(Instant now) {
    this.lastVerifiedAt = now;
  }

  /** What this version's sealed secret is bound to: its purpose, its organization and its number. */
  public String sealContext() {
    return sealContext(binding.organization().id(), versionNo);
  }

  /** The sealing context of version {@code versionNo} of organization {@code orgId}'s Azure secret. */
  public static String sealContext(long orgId, int versionNo) {
    return "azure_secret_version:" + orgId + ":" + versionNo;
  }

  public int versionNo() {
    return versionNo;
  }

  public String keyId() {
    return keyId;
  }

  public String ciphertext() {
    return ciphertext;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Optional<Instant> expiresOn() {
    return Optional.ofNullable(expiresOn);
  }

  public Optional<Instant> lastVerifiedAt() {
    return Optional.ofNullable(lastVerifiedAt);
  }

  /** Whether the secret expires before {@code horizon} (the page warns then). */
  public boolean expiresBefore(Instant horizon) {
    return expiresOn != null && expiresOn.isBefore(horizon);
  }
}
