package io.roleport.domain;

/** What an organization is: a team of the installation, an ISV, or a third party onboarded by an ISV. */
public enum OrgKind {
  TEAM,
  ISV,
  THIRD_PARTY
}
