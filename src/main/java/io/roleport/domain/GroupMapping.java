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

/** "Members of identity-provider group G have role R in organization O." */
@Entity
@Table(name = "group_mapping")
public class GroupMapping implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "org_id")
  private Organization organization;

  @Column(name = "group_name", nullable = false, length = 255)
  private String groupName;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  private OrgRole role;

  protected GroupMapping() {}

  /** An identity-provider group's name: 1 to 255 characters. */
  public static void requireValidGroup(String groupName) {
    if (groupName == null || groupName.isBlank() || groupName.length() > 255) {
      throw new DomainException("mapping.group.invalid");
    }
  }

  public GroupMapping(Organization organization, String groupName, OrgRole role) {
    requireValidGroup(groupName);
    this.organization = organization;
    this.groupName = groupName.strip();
    this.role = role;
  }

  public Long id() {
    return id;
  }

  public Organization organization() {
    return organization;
  }

  public String groupName() {
    return groupName;
  }

  public OrgRole role() {
    return role;
  }
}
