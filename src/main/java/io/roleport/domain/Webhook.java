package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * An organization's webhook: the https URL that receives its cluster and binding events, and the secret that signs
 * them, stored sealed (key id and ciphertext) with a fingerprint the pages show instead. One per organization; the
 * secret can be rotated (a new one replaces it), the URL is replaced by removing the webhook and registering again.
 */
@Entity
@Table(name = "webhook")
public class Webhook implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "org_id", updatable = false)
  private Organization organization;

  @Column(nullable = false, length = 2000, updatable = false)
  private String url;

  @Column(name = "key_id", nullable = false, length = 40)
  private String keyId;

  @Column(name = "secret_ciphertext", nullable = false, length = 2000)
  private String secretCiphertext;

  @Column(name = "secret_fingerprint", nullable = false, length = 12)
  private String secretFingerprint;

  @Column(name = "created_by", nullable = false, updatable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "secret_rotated_at")
  private Instant secretRotatedAt;

  @Version private long version;

  protected Webhook() {}

  public Webhook(Organization organization, String url, String keyId, String ciphertext, String fingerprint,
      String createdBy, Instant now) {
    if (url == null || !url.startsWith("https://")) {
      throw new DomainException("webhook.url.notHttps");
    }
    this.organization = organization;
    this.url = url;
    seal(keyId, ciphertext, fingerprint);
    this.createdBy = createdBy;
    this.createdAt = now;
  }

  /** Replaces the signing secret; deliveries from now on are signed with the new one. */
  public void rotate(String keyId, String ciphertext, String fingerprint, Instant now) {
    seal(keyId, ciphertext, fingerprint);
    this.secretRotatedAt = now;
  }

  private void seal(String keyId, String ciphertext, String fingerprint) {
    if (keyId == null || keyId.isBlank() || ciphertext == null || ciphertext.isBlank()
        || fingerprint == null || !fingerprint.matches("[0-9a-f]{12}")) {
      throw new DomainException("webhook.secret.notSealed");
    }
    this.keyId = keyId;
    this.secretCiphertext = ciphertext;
    this.secretFingerprint = fingerprint;
  }

  /** What the secret is sealed for: this organization's webhook, so a copied ciphertext opens nowhere else. */
  public static String secretContext(Organization organization) {
    return "webhook:" + organization.id();
  }

  public Long id() {
    return id;
  }

  public Organization organization() {
    return organization;
  }

  public String url() {
    return url;
  }

  public String keyId() {
    return keyId;
  }

  public String secretCiphertext() {
    return secretCiphertext;
  }

  public String secretFingerprint() {
    return secretFingerprint;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant secretRotatedAt() {
    return secretRotatedAt;
  }
}
