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
 * An organization administrator's request that their team organization become an ISV (so that it may onboard third
 * parties), with a reason, until an operator approves or declines it. At most one is pending per organization (a
 * unique key in the database); a decided request never changes again.
 */
@Entity
@Table(name = "isv_request")
public class IsvRequest implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public static final int MAX_REASON = 500;

  /** What an operator decided. */
  public enum Decision { APPROVED, DECLINED }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "org_id", updatable = false)
  private Organization organization;

  @Column(nullable = false, length = MAX_REASON, updatable = false)
  private String reason;

  @Column(name = "requested_by", nullable = false, length = 255, updatable = false)
  private String requestedBy;

  @Column(name = "requested_at", nullable = false, updatable = false)
  private Instant requestedAt;

  @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
  @Column(length = 20)
  private Decision decision;

  @Column(name = "decided_by", length = 255)
  private String decidedBy;

  @Column(name = "decided_at")
  private Instant decidedAt;

  @Column(name = "decision_note", length = MAX_REASON)
  private String note;

  protected IsvRequest() {}

  /** A reason: 10 to 500 characters, so that an operator can judge the request. */
  public static void requireValidReason(String reason) {
    if (reason == null || reason.strip().length() < 10 || reason.strip().length() > MAX_REASON) {
      throw new DomainException("isv.request.reason.invalid", 10, MAX_REASON);
    }
  }

  public IsvRequest(Organization organization, String reason, String requestedBy, Instant now) {
    requireValidReason(reason);
    organization.requireActive();
    if (organization.kind() != OrgKind.TEAM) {
      throw new DomainException(organization.kind() == OrgKind.ISV ? "org.isv.already" : "org.isv.thirdParty",
          organization.slug());
    }
    this.organization = organization;
    this.reason = reason.strip();
    this.requestedBy = requestedBy;
    this.requestedAt = now;
    organization.isvRequested(now);
  }

  /** Records the operator's decision, once; an approval makes the organization an ISV. */
  public void decide(Decision decision, String by, String note, Instant now) {
    if (this.decision != null) {
      throw new DomainException("isv.request.decided", organization.slug());
    }
    if (note != null && note.strip().length() > MAX_REASON) {
      throw new DomainException("isv.request.note.invalid", MAX_REASON);
    }
    if (decision == Decision.APPROVED) {
      organization.makeIsv();
    }
    organization.isvRequested(null);
    this.decision = decision;
    this.decidedBy = by;
    this.decidedAt = now;
    this.note = note == null || note.isBlank() ? null : note.strip();
  }

  public Long id() {
    return id;
  }

  public Organization organization() {
    return organization;
  }

  public String reason() {
    return reason;
  }

  public String requestedBy() {
    return requestedBy;
  }

  public Instant requestedAt() {
    return requestedAt;
  }

  public Optional<Decision> decision() {
    return Optional.ofNullable(decision);
  }

  public boolean pending() {
    return decision == null;
  }

  public String decidedBy() {
    return decidedBy;
  }

  public Instant decidedAt() {
    return decidedAt;
  }

  public String note() {
    return note;
  }
}
