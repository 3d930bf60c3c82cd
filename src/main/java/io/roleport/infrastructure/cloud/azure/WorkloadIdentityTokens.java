package io.roleport.infrastructure.cloud.azure;

import io.roleport.infrastructure.config.Settings;
import io.roleport.infrastructure.workload.WorkloadIdentityIssuer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The client assertions of Azure federated mode: a fresh workload identity token that Roleport signs itself
 * ({@link WorkloadIdentityIssuer}) for one organization's subject, with the audience Entra ID expects
 * ({@code roleport.azure.workload-audience}, {@code api://AzureADTokenExchange}). A new short-lived token per
 * exchange; never logged.
 */
@ApplicationScoped
public class WorkloadIdentityTokens {

  @Inject Settings settings;
  @Inject WorkloadIdentityIssuer issuer;

  /** Thrown when Roleport cannot sign a workload token (its issuer or key is not configured). */
  public static class WorkloadTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkloadTokenException(String message) {
      super(message);
    }
  }

  /** A workload token whose subject is {@code subject} (an organization's {@code roleport:org:<ExternalId>}). */
  public String token(String subject) {
    return issuer.signer().orElseThrow(() -> new WorkloadTokenException(issuer.problem()))
        .sign(subject, settings.azureWorkloadAudience());
  }
}
