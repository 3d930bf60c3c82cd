package io.roleport.domain;

/**
 * How Roleport obtains a session in an organization's AWS account when it acts for a person. Chosen at
 * binding time and fixed with the binding.
 */
public enum AwsFederation {
  /**
   * Roleport's installation principal assumes the automation role with the organization's ExternalId, and
   * names the person with SourceIdentity and session tags.
   */
  ROLE_ASSUMPTION,
  /**
   * The account trusts the corporate identity provider: the automation role is assumed with the signed-in
   * person's own ID token (AssumeRoleWithWebIdentity); Roleport's principal is not trusted for it.
   */
  WEB_IDENTITY
}
