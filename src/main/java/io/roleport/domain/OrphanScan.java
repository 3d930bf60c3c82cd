package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One run of the operator's orphan check (issue #15): who asked, when, and how far it got. It is worked through
 * in units (the default AWS account, the default Azure subscription, then each organization by id), each unit in a
 * transaction of its own that also moves the cursor ({@link #phase}, {@link #cursorOrgId}): a scan cut short by a
 * stop resumes after its last finished unit, and a unit that did not commit is simply read again. The database
 * allows one running scan at a time.
 */
@Entity
@Table(name = "orphan_scan")
public class OrphanScan implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** A scan runs until its last unit is done. */
  public enum Status { RUNNING, FINISHED }

  /** The units in order: the default AWS account, the default Azure subscription, then the organizations. */
  public static final int PHASE_DEFAULT_AWS = 0;
  public static final int PHASE_DEFAULT_AZURE = 1;
  public static final int PHASE_ORGANIZATIONS = 2;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "requested_by", nullable = false, updatable = false)
  private String requestedBy;

  @Column(name = "requested_at", nullable = false, updatable = false)
  private Instant requestedAt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 12)
  private Status status;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Column(name = "accounts_total", nullable = false)
  private int accountsTotal;

  @Column(name = "accounts_done", nullable = false)
  private int accountsDone;

  @Column(nullable = false)
  private int phase;

  @Column(name = "cursor_org_id", nullable = false)
  private long cursorOrgId;

  @Column(name = "lease_owner", length = 80)
  private String leaseOwner;

  @Column(name = "lease_until")
  private Instant leaseUntil;

  @Version
  private long version;

  protected OrphanScan() {}

  /** A scan of {@code total} units, asked for by {@code requestedBy}. */
  public OrphanScan(String requestedBy, int total, Instant now) {
    if (requestedBy == null || requestedBy.isBlank() || total < 0) {
      throw new IllegalArgumentException("a scan needs who asked and a number of units");
    }
    this.requestedBy = requestedBy;
    this.requestedAt = now;
    this.status = Status.RUNNING;
    this.accountsTotal = total;
  }

  /** One unit is done: the cursor moves past it (to the next phase, or past organization {@code orgId}). */
  public void unitDone(int nextPhase, long orgId) {
    if (status != Status.RUNNING) {
      throw new IllegalStateException("scan " + id + " is finished");
    }
    if (nextPhase < phase || (nextPhase == phase && orgId <= cursorOrgId)) {
      throw new IllegalStateException("a scan's cursor only moves forward");
    }
    phase = nextPhase;
    cursorOrgId = orgId;
    accountsDone = Math.min(accountsTotal, accountsDone + 1);
  }

  /** A phase with nothing to read (no default Azure subscription) is passed without counting. */
  public void skipTo(int nextPhase) {
    if (nextPhase <= phase) {
      throw new IllegalStateException("a scan's cursor only moves forward");
    }
    phase = nextPhase;
  }

  /** Every unit is done. */
  public void finish(Instant now) {
    status = Status.FINISHED;
    finishedAt = now;
    accountsDone = accountsTotal;
    leaseOwner = null;
    leaseUntil = null;
  }

  /** Whether {@code owner} holds the scan's lease at {@code now}. */
  public boolean leasedBy(String owner, Instant now) {
    return owner.equals(leaseOwner) && leaseUntil != null && now.isBefore(leaseUntil);
  }

  public Long id() {
    return id;
  }

  public String requestedBy() {
    return requestedBy;
  }

  public Instant requestedAt() {
    return requestedAt;
  }

  public Status status() {
    return status;
  }

  public boolean running() {
    return status == Status.RUNNING;
  }

  public java.util.Optional<Instant> finishedAt() {
    return java.util.Optional.ofNullable(finishedAt);
  }

  public int accountsTotal() {
    return accountsTotal;
  }

  public int accountsDone() {
    return accountsDone;
  }

  public int phase() {
    return phase;
  }

  public long cursorOrgId() {
    return cursorOrgId;
  }
}
