package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Who did what, in which organization and account, when, with what result. Append-only: no method
 * changes an event, and triggers refuse UPDATE and DELETE on its table.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** How an audited action ended. */
  public enum Outcome {
    OK,
    REFUSED,
    FAILED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "occurred_at", nullable = false, updatable = false)
  private Instant occurredAt;

  @Column(nullable = false, length = 255, updatable = false)
  private String actor;

  @Column(name = "org_id", updatable = false)
  private Long orgId;

  @Column(name = "account_id", length = 64, updatable = false)
  private String accountId;

  @Column(nullable = false, length = 64, updatable = false)
  private String action;

  @Column(nullable = false, length = 10, updatable = false)
  @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
  private Outcome outcome;

  @Column(length = 1000, updatable = false)
  private String detail;

  /** The request that wrote this row (its log line carries the same id); null outside a request. */
  @Column(name = "request_id", length = 64, updatable = false)
  private String requestId;

  protected AuditEvent() {}

  public AuditEvent(Instant occurredAt, String actor, Long orgId, String accountId, String action, Outcome outcome,
      String detail) {
    this.occurredAt = occurredAt;
    this.actor = actor;
    this.orgId = orgId;
    this.accountId = accountId;
    this.action = action;
    this.outcome = outcome;
    this.detail = detail == null ? null : detail.substring(0, Math.min(detail.length(), 1000));
  }

  /** Marks this row as written by request {@code id}, before it is stored. */
  public AuditEvent tracedBy(String id) {
    this.requestId = id;
    return this;
  }

  public String requestId() {
    return requestId;
  }

  public Long id() {
    return id;
  }

  public Instant occurredAt() {
    return occurredAt;
  }

  public String actor() {
    return actor;
  }

  public Long orgId() {
    return orgId;
  }

  public String accountId() {
    return accountId;
  }

  public String action() {
    return action;
  }

  public Outcome outcome() {
    return outcome;
  }

  public String detail() {
    return detail;
  }
}
