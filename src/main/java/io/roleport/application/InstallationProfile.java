package io.roleport.application;

import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;

/**
 * What the installation itself is, as configured by its operators: the principal customers trust and the
 * default workload account for organizations without their own.
 */
public interface InstallationProfile {
  /** The AWS principal (user or role ARN) Roleport calls STS as; customers trust it. */
  String awsPrincipalArn();

  /** The role in the installation's default workload account. */
  RoleArn defaultWorkloadRole();

  /** The ExternalId the default workload role's trust policy requires. */
  ExternalId defaultWorkloadExternalId();
}
