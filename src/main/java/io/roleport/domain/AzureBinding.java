package io.roleport.domain;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An organization's Azure subscription: the tenant, the subscription and the service principal (client id)
 * Roleport acts as. The identity is immutable (no setter, {@code updatable=false}, triggers refuse UPDATE and
 * DELETE); what may grow is the list of {@link AzureSecretVersion}s, because rotating a client secret is not a
 * change of account (rule 2). Only {@link #rotateSecret} adds one, after the application proved the secret.
 */
@Entity
@Table(name = "azure_binding")
public class AzureBinding implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @Column(name = "org_id")
  private Long orgId;

  @MapsId
  @OneToOne
  @JoinColumn(name = "org_id")
  private Organization organization;

  @Column(name = "tenant_id", nullable = false, updatable = false, length = 36)
  private String tenantId;

  @Column(name = "subscription_id", nullable = false, updatable = false, length = 36)
  private String subscriptionId;

  @Column(name = "client_id", nullable = false, updatable = false, length = 36)
  private String clientId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false, length = 20)
  private AzureAuthMode mode;

  @Column(name = "bound_by", nullable = false, updatable = false, length = 255)
  private String boundBy;

  @Column(name = "bound_at", nullable = false, updatable = false)
  private Instant boundAt;

  @OneToMany(mappedBy = "binding", cascade = CascadeType.PERSIST)
  @OrderBy("versionNo ASC")
  private List<AzureSecretVersion> secretVersions = new ArrayList<>();

  protected AzureBinding() {}

  AzureBinding(Organization organization, AzureTenantId tenant, AzureSubscriptionId subscription,
      AzureClientId client, AzureAuthMode mode, String boundBy, Instant boundAt) {
    this.organization = organization;
    this.tenantId = tenant.value();
    this.subscriptionId = subscription.value();
    this.clientId = client.value();
    this.mode = mode;
    this.boundBy = boundBy;
    this.boundAt = boundAt;
  }

  /**
   * Appends a secret version (already encrypted by the caller, who proved it authenticates as this client in
   * this tenant and reads this subscription). Earlier versions stay, for audit.
   *
   * @throws DomainException {@code azure.secret.federated} when the binding uses a federated credential
   */
  /** The number the next secret version will have (what its sealed secret is bound to). */
  public int nextSecretVersionNo() {
    return secretVersions.size() + 1;
  }

  public AzureSecretVersion rotateSecret(String keyId, String ciphertext, String fingerprint, Instant expiresOn,
      Instant now) {
    if (mode != AzureAuthMode.SECRET) {
      throw new DomainException("azure.secret.federated");
    }
    AzureSecretVersion version = new AzureSecretVersion(this, nextSecretVersionNo(), keyId, ciphertext,
        fingerprint, expiresOn, now);
    secretVersions.add(version);
    return version;
  }

  /** The version in use: the newest one. */
  public Optional<AzureSecretVersion> currentSecret() {
    return secretVersions.isEmpty() ? Optional.empty() : Optional.of(secretVersions.get(secretVersions.size() - 1));
  }

  public List<AzureSecretVersion> secretVersions() {
    return List.copyOf(secretVersions);
  }

  public Organization organization() {
    return organization;
  }

  public AzureTenantId tenantId() {
    return new AzureTenantId(tenantId);
  }

  public AzureSubscriptionId subscriptionId() {
    return new AzureSubscriptionId(subscriptionId);
  }

  public AzureClientId clientId() {
    return new AzureClientId(clientId);
  }

  public AzureAuthMode mode() {
    return mode;
  }

  public String boundBy() {
    return boundBy;
  }

  public Instant boundAt() {
    return boundAt;
  }
}
