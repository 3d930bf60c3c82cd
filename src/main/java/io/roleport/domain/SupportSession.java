package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A support engineer's time-limited console session in an organization's account, through its support
 * role. It carries a reason and a fixed lifetime of 15 to 60 minutes; the organization (and its third
 * party) can always see who opened one and why.
 */
@Entity
@Table(name = "support_session")
public class SupportSession implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public static final Duration MIN = Duration.ofMinutes(15);
  public static final Duration MAX = Duration.ofMinutes(60);

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "org_id", updatable = false)
  private Organization organization;

  @Column(name = "account_id", nullable = false, length = 12, updatable = false)
  private String accountId;

  @Column(name = "support_user", nullable = false, length = 255, updatable = false)
  private String supportUser;

  @Column(nullable = false, length = 500, updatable = false)
  private String reason;

  @Column(name = "started_at", nullable = false, updatable = false)
  private Instant startedAt;

  @Column(name = "expires_at", nullable = false, updatable = false)
  private Instant expiresAt;

  protected SupportSession() {}

  public SupportSession(Organization organization, String supportUser, String reason, Duration length, Instant now) {
    AwsBinding binding = organization.awsBinding().orElseThrow(() -> new DomainException("support.noBinding",
        organization.slug()));
    requireReason(reason);
    if (length == null || length.compareTo(MIN) < 0 || length.compareTo(MAX) > 0) {
      throw new DomainException("support.length.invalid");
    }
    this.organization = organization;
    this.accountId = binding.accountId().value();
    this.supportUser = supportUser;
    this.reason = reason.strip();
    this.startedAt = now;
    this.expiresAt = now.plus(length);
  }

  /** The rule for a reason (10 to 500 characters), checkable before anything is asked of the cloud. */
  public static void requireReason(String reason) {
    if (reason == null || reason.strip().length() < 10 || reason.strip().length() > 500) {
      throw new DomainException("support.reason.invalid");
    }
  }

  public Duration length() {
    return Duration.between(startedAt, expiresAt);
  }

  public Long id() {
    return id;
  }

  public Organization organization() {
    return organization;
  }

  public String accountId() {
    return accountId;
  }

  public String supportUser() {
    return supportUser;
  }

  public String reason() {
    return reason;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }
}
