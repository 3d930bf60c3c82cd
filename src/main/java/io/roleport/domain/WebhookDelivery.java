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
import java.time.Duration;
import java.time.Instant;

/**
 * One event on its way to an organization's webhook (the outbox): written in the transaction of the change it
 * reports, then posted by the background sender until the receiver answers 2xx, with exponential back-off between
 * attempts ({@link #BASE_DELAY} doubled each time, at most {@link #MAX_DELAY}) and at most {@link #MAX_ATTEMPTS}
 * attempts. A sender holds a lease on it while it posts, so that two instances never post it at the same time.
 */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public static final int MAX_ATTEMPTS = 10;
  public static final Duration BASE_DELAY = Duration.ofSeconds(5);
  public static final Duration MAX_DELAY = Duration.ofHours(1);

  /** Where a delivery is. */
  public enum Status { PENDING, DELIVERED, FAILED }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "webhook_id", nullable = false, updatable = false)
  private Long webhookId;

  @Column(name = "org_id", nullable = false, updatable = false)
  private Long orgId;

  @Column(name = "event_id", nullable = false, updatable = false, length = 36)
  private String eventId;

  @Column(name = "event_type", nullable = false, updatable = false, length = 40)
  private String eventType;

  @Column(nullable = false, updatable = false, columnDefinition = "TEXT")
  private String payload;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 12)
  private Status status;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "last_status")
  private Integer lastStatus;

  @Column(name = "last_error", length = 500)
  private String lastError;

  @Column(name = "lease_owner", length = 64)
  private String leaseOwner;

  @Column(name = "lease_until")
  private Instant leaseUntil;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Version private long version;

  protected WebhookDelivery() {}

  public WebhookDelivery(Webhook webhook, String eventId, String eventType, String payload, Instant now) {
    this.webhookId = webhook.id();
    this.orgId = webhook.organization().id();
    this.eventId = eventId;
    this.eventType = eventType;
    this.payload = payload;
    this.status = Status.PENDING;
    this.nextAttemptAt = now;
    this.createdAt = now;
  }

  /** Claims the delivery for {@code owner} until {@code until}, unless another sender holds a live lease. */
  public boolean lease(String owner, Instant now, Instant until) {
    if (status != Status.PENDING || nextAttemptAt.isAfter(now) || leaseUntil != null && leaseUntil.isAfter(now)) {
      return false;
    }
    this.leaseOwner = owner;
    this.leaseUntil = until;
    return true;
  }

  /** Whether {@code owner} still holds the lease (the outcome of its attempt may be recorded). */
  public boolean leasedBy(String owner) {
    return owner.equals(leaseOwner);
  }

  /** The receiver answered 2xx. */
  public void delivered(int statusCode, Instant now) {
    attempts++;
    lastStatus = statusCode;
    lastError = null;
    status = Status.DELIVERED;
    finishedAt = now;
    release();
  }

  /** The receiver answered something else, or could not be reached: try again later, or give up. */
  public void attemptFailed(Integer statusCode, String error, Instant now) {
    attempts++;
    lastStatus = statusCode;
    lastError = error == null ? null : error.substring(0, Math.min(error.length(), 500));
    if (attempts >= MAX_ATTEMPTS) {
      status = Status.FAILED;
      finishedAt = now;
    } else {
      nextAttemptAt = now.plus(delayAfter(attempts));
    }
    release();
  }

  /** The wait after {@code attempts} failed attempts: 5 s, 10 s, 20 s ... at most an hour. */
  public static Duration delayAfter(int attempts) {
    Duration delay = BASE_DELAY.multipliedBy(1L << Math.min(attempts - 1, 20));
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  private void release() {
    leaseOwner = null;
    leaseUntil = null;
  }

  public Long id() {
    return id;
  }

  public Long webhookId() {
    return webhookId;
  }

  public Long orgId() {
    return orgId;
  }

  public String eventId() {
    return eventId;
  }

  public String eventType() {
    return eventType;
  }

  public String payload() {
    return payload;
  }

  public Status status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public Integer lastStatus() {
    return lastStatus;
  }

  public String lastError() {
    return lastError;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }
}
