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
 * An organization's AWS account: the automation role through which Roleport acts for the organization's
 * people (assumed by Roleport with the ExternalId, or with each person's own ID token: {@link AwsFederation}),
 * the support role for audited support sessions, and the organization's ExternalId.
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

  @Column(nullable = false, updatable = false, length = 20)
  @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
  private AwsFederation federation;

  @Column(name = "bound_by", nullable = false, updatable = false, length = 255)
  private String boundBy;

  @Column(name = "bound_at", nullable = false, updatable = false)
  private Instant boundAt;

  protected AwsBinding() {}

  AwsBinding(Organization organization, RoleArn automationRole, RoleArn supportRole, ExternalId externalId,
      AwsFederation federation, String boundBy, Instant boundAt) {
    this.organization = organization;
    this.accountId = automationRole.accountId().value();
    this.automationRoleArn = automationRole.value();
    this.supportRoleArn = supportRole.value();
    this.externalId = externalId.value();
    this.federation = federation;
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

  /** How sessions in the account are obtained for a person (the support role is always assumed by Roleport). */
  public AwsFederation federation() {
    return federation;
  }

  public boolean usesWebIdentity() {
    return federation == AwsFederation.WEB_IDENTITY;
  }

  public String boundBy() {
    return boundBy;
  }

  public Instant boundAt() {
    return boundAt;
  }
}
