package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What Roleport last found about an organization's own account: does it still trust Roleport? A revoked
 * binding stays (it is write-once) but no new operation runs in that account until a check finds the
 * trust restored.
 */
@Entity
@Table(name = "binding_status")
public class BindingStatus implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @Column(name = "org_id")
  private Long orgId;

  @Column(nullable = false)
  private boolean revoked;

  @Column(name = "checked_at", nullable = false)
  private Instant checkedAt;

  @Column(name = "checked_by", nullable = false, length = 255)
  private String checkedBy;

  @Column(length = 1000)
  private String detail;

  protected BindingStatus() {}

  public BindingStatus(Long orgId) {
    this.orgId = orgId;
  }

  public void record(boolean revoked, String detail, String checkedBy, Instant now) {
    this.revoked = revoked;
    this.detail = detail == null ? null : detail.substring(0, Math.min(detail.length(), 1000));
    this.checkedBy = checkedBy;
    this.checkedAt = now;
  }

  public boolean revoked() {
    return revoked;
  }

  public Instant checkedAt() {
    return checkedAt;
  }

  public String detail() {
    return detail;
  }
}
