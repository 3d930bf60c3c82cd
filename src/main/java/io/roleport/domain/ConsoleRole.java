package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A role in an organization's own AWS account that people of one Roleport role may switch to in the console or use
 * from the AWS CLI (the "Cross-Account Manager" of the spec): organization administrators say which account role goes
 * with viewer, member and org-admin. Not the automation or support role: those trust only Roleport.
 *
 * <p>A role whose trust policy needs the organization's ExternalId is offered to administrators only (who see the
 * ExternalId during onboarding anyway); the console's Switch Role cannot send an ExternalId, so such a role gets a CLI
 * profile and no console link.
 */
@Entity
@Table(name = "console_role")
public class ConsoleRole implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** Switch Role keeps path and name in a cookie: together at most 64 characters (IAM user guide). */
  public static final int MAX_SWITCH_ROLE_NAME = 64;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "org_id", updatable = false)
  private Organization organization;

  @Enumerated(EnumType.STRING)
  @Column(name = "org_role", nullable = false, length = 20, updatable = false)
  private OrgRole orgRole;

  @Column(name = "role_arn", nullable = false, length = 600, updatable = false)
  private String roleArn;

  @Column(name = "needs_external_id", nullable = false, updatable = false)
  private boolean needsExternalId;

  @Column(name = "added_by", nullable = false, length = 255, updatable = false)
  private String addedBy;

  @Column(name = "added_at", nullable = false, updatable = false)
  private Instant addedAt;

  protected ConsoleRole() {}

  /**
   * A role of the organization's bound AWS account for people holding {@code orgRole}.
   *
   * @throws DomainException when the organization has no AWS account, the role is in another account, is Roleport's own
   *     automation or support role, is too long for Switch Role, or needs the ExternalId but is not for administrators
   */
  public ConsoleRole(Organization organization, OrgRole orgRole, RoleArn role, boolean needsExternalId, String addedBy,
      Instant now) {
    AwsBinding binding = organization.awsBinding().orElseThrow(() -> new DomainException("console.noAwsAccount",
        organization.slug()));
    if (orgRole == null || orgRole == OrgRole.THIRD_PARTY) {
      throw new DomainException("console.role.forInvalid");
    }
    if (!role.accountId().equals(binding.accountId())) {
      throw new DomainException("console.role.otherAccount", role.accountId().value(), binding.accountId().value());
    }
    if (role.equals(binding.automationRole()) || role.equals(binding.supportRole())) {
      throw new DomainException("console.role.roleportsOwn", role.value());
    }
    if (switchRoleName(role).length() > MAX_SWITCH_ROLE_NAME) {
      throw new DomainException("console.role.tooLong", switchRoleName(role), MAX_SWITCH_ROLE_NAME);
    }
    if (needsExternalId && orgRole != OrgRole.ORG_ADMIN) {
      throw new DomainException("console.role.externalIdAdminsOnly");
    }
    this.organization = organization;
    this.orgRole = orgRole;
    this.roleArn = role.value();
    this.needsExternalId = needsExternalId;
    this.addedBy = addedBy;
    this.addedAt = now;
  }

  /**
   * What the console's Switch Role takes as the role: the path (without its leading slash) and the name, as the IAM
   * user guide says ("If your administrator created the role with a path ... you must type that complete path and
   * name").
   */
  public static String switchRoleName(RoleArn role) {
    String value = role.value();
    return value.substring(value.indexOf(":role/") + ":role/".length());
  }

  public Long id() {
    return id;
  }

  public Organization organization() {
    return organization;
  }

  public OrgRole orgRole() {
    return orgRole;
  }

  public RoleArn roleArn() {
    return new RoleArn(roleArn);
  }

  public boolean needsExternalId() {
    return needsExternalId;
  }

  public String addedBy() {
    return addedBy;
  }

  public Instant addedAt() {
    return addedAt;
  }
}
