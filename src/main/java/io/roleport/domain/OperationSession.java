package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The sealed cloud session an operation runs with when the organization's account trusts people's own
 * sign-in (web identity): obtained for the requester when they asked, used by the worker until it expires,
 * deleted when the operation ends. Only the sealed form is stored; {@code toString} shows no part of it.
 */
@Entity
@Table(name = "operation_session")
public class OperationSession implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @Column(name = "operation_id")
  private Long operationId;

  @jakarta.persistence.MapsId
  @jakarta.persistence.OneToOne
  @jakarta.persistence.JoinColumn(name = "operation_id")
  private Operation operation;

  @Column(name = "key_id", nullable = false, length = 40)
  private String keyId;

  @Column(nullable = false, length = 4000)
  private String ciphertext;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  protected OperationSession() {}

  public OperationSession(Operation operation, String keyId, String ciphertext, Instant expiresAt) {
    this.operation = operation;
    this.keyId = keyId;
    this.ciphertext = ciphertext;
    this.expiresAt = expiresAt;
  }

  public Operation operation() {
    return operation;
  }

  public String keyId() {
    return keyId;
  }

  public String ciphertext() {
    return ciphertext;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "OperationSession[" + operationId + ", expires " + expiresAt + "]";
  }
}
