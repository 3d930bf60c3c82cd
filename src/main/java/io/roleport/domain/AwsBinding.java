package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An organization's AWS account: the automation role Roleport assumes to act for the organization's
 * people, the support role for audited support sessions, and the ExternalId both trust policies require.
 * Immutable: no setter exists, every column is {@code updatable=false}, and triggers refuse UPDATE and
 * DELETE on its table.
 */
@Entity
@Table(name = "aws_binding")
public class AwsBinding implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @Column(name = "org_id")
  private Long orgId;

  @MapsId
  @OneToOne
  @JoinColumn(name = "org_id")
  private Organization organization;

  @Column(name = "account_id", nullable = false, updatable = false, length = 12)
  private String accountId;

  @Column(name = "automation_role_arn", nullable = false, updatable = false, length = 2048)
  private String automationRoleArn;

  @Column(name = "support_role_arn", nullable = false, updatable = false, length = 2048)
  private String supportRoleArn;

  @Column(name = "external_id", nullable = false, updatable = false, length = 40)
  private String externalId;

  @Column(name = "bound_by", nullable = false, updatable = false, length = 255)
  private String boundBy;

  @Column(name = "bound_at", nullable = false, updatable = false)
  private Instant boundAt;

  protected AwsBinding() {}

  AwsBinding(Organization organization, RoleArn automationRole, RoleArn supportRole, ExternalId externalId,
      String boundBy, Instant boundAt) {
    this.organization = organization;
    this.accountId = automationRole.accountId().value();
    this.automationRoleArn = automationRole.value();
    this.supportRoleArn = supportRole.value();
    this.externalId = externalId.value();
    this.boundBy = boundBy;
    this.boundAt = boundAt;
  }

  public AwsAccountId accountId() {
    return new AwsAccountId(accountId);
  }

  public RoleArn automationRole() {
    return new RoleArn(automationRoleArn);
  }

  public RoleArn supportRole() {
    return new RoleArn(supportRoleArn);
  }

  public ExternalId externalId() {
    return new ExternalId(externalId);
  }

  public String boundBy() {
    return boundBy;
  }

  public Instant boundAt() {
    return boundAt;
  }
}
