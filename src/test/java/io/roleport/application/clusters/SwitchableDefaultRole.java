package io.roleport.application.clusters;

import io.roleport.application.InstallationProfile;
import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * Test-side only, in {@link PlacementIT}'s deployment: lets the test change the installation's default workload role
 * while the application runs, as an operator would by changing {@code roleport.aws.default-role-arn} and
 * {@code default-external-id} and restarting. Every other setting comes from the real configuration.
 */
@Decorator
@Priority(Interceptor.Priority.APPLICATION)
public abstract class SwitchableDefaultRole implements InstallationProfile {
  private static volatile RoleArn role;
  private static volatile ExternalId externalId;

  @Inject @Delegate @Any InstallationProfile configured;

  /** From now on the installation's default role is {@code newRole} (with its ExternalId). */
  static void switchTo(RoleArn newRole, ExternalId newExternalId) {
    externalId = newExternalId;
    role = newRole;
  }

  /** Back to the configured default role. */
  static void reset() {
    role = null;
    externalId = null;
  }

  @Override
  public RoleArn defaultWorkloadRole() {
    RoleArn current = role;
    return current == null ? configured.defaultWorkloadRole() : current;
  }

  @Override
  public ExternalId defaultWorkloadExternalId() {
    ExternalId current = externalId;
    return current == null ? configured.defaultWorkloadExternalId() : current;
  }
}
