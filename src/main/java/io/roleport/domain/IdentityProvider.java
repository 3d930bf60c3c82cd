package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.net.URI;
import java.time.Instant;

/**
 * A third-party organization's own OpenID Connect provider (a public client using PKCE). Whoever signs in
 * there is a third-party user of that organization and of nothing else: its groups give no other role.
 */
@Entity
@Table(name = "identity_provider")
public class IdentityProvider implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @OneToOne(optional = false)
  @JoinColumn(name = "org_id", updatable = false)
  private Organization organization;

  @Column(nullable = false, length = 500)
  private String issuer;

  @Column(name = "client_id", nullable = false, length = 255)
  private String clientId;

  @Column(name = "created_by", nullable = false, length = 255, updatable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  protected IdentityProvider() {}

  public IdentityProvider(Organization organization, String issuer, String clientId, String createdBy, Instant now) {
    if (organization.kind() != OrgKind.THIRD_PARTY) {
      throw new DomainException("idp.notThirdParty", organization.slug());
    }
    String cleanIssuer = issuer == null ? "" : issuer.strip();
    if (cleanIssuer.endsWith("/")) {
      cleanIssuer = cleanIssuer.substring(0, cleanIssuer.length() - 1);
    }
    try {
      URI uri = URI.create(cleanIssuer);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getQuery() != null || uri.getFragment() != null) {
        throw new IllegalArgumentException(cleanIssuer);
      }
    } catch (IllegalArgumentException e) {
      throw new DomainException("idp.issuer.invalid", issuer);
    }
    if (clientId == null || clientId.isBlank() || clientId.strip().length() > 255) {
      throw new DomainException("idp.clientId.invalid");
    }
    this.organization = organization;
    this.issuer = cleanIssuer;
    this.clientId = clientId.strip();
    this.createdBy = createdBy;
    this.createdAt = now;
  }

  public Long id() {
    return id;
  }

  public Organization organization() {
    return organization;
  }

  public String issuer() {
    return issuer;
  }

  public String clientId() {
    return clientId;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
