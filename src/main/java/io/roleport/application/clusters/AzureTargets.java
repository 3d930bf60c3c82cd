package io.roleport.application.clusters;

import io.roleport.application.AzureCredentials;
import io.roleport.application.InstallationProfile;
import io.roleport.application.SecretCipher;
import io.roleport.domain.AzureAuthMode;
import io.roleport.domain.AzureBinding;
import io.roleport.domain.AzureSecretVersion;
import io.roleport.domain.Cluster;
import io.roleport.domain.DomainException;
import io.roleport.domain.PlacementKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * The service principal an Azure cluster's cloud calls run as: the organization's own (its current secret
 * version, opened by the {@link SecretCipher} just for the call) or the installation's default. Decided by the
 * cluster's recorded placement, never by the organization's binding of today. A federated binding has no secret:
 * its calls sign in with a workload identity token Roleport signs for the cluster's own organization (its
 * workload subject, {@link AzureCredentials#federated}).
 */
@ApplicationScoped
public class AzureTargets {

  @Inject InstallationProfile installation;
  @Inject SecretCipher cipher;

  public AzureTarget of(Cluster cluster, String actor) {
    return new AzureTarget(credentials(cluster), cluster.region(), actor, cluster.organization().slug());
  }

  /** Marks the organization's current secret as working (after a successful cloud call with it). */
  public void verified(Cluster cluster, Instant now) {
    if (cluster.placementKind() == PlacementKind.ORG_ACCOUNT) {
      cluster.organization().azureBinding().flatMap(AzureBinding::currentSecret).ifPresent(v -> v.verified(now));
    }
  }

  /**
   * The subscription of {@code org}'s own binding, or the installation's default subscription when {@code org} is
   * {@code null}, as a whole (the orphan check reads its resource groups): the same credentials its clusters use.
   */
  public AzureTarget ofAccount(io.roleport.domain.Organization org, String actor) {
    String slug = org == null ? null : org.slug();
    return new AzureTarget(org == null ? defaultCredentials() : ownCredentials(org), null, actor, slug);
  }

  private AzureCredentials credentials(Cluster cluster) {
    if (cluster.placementKind() == PlacementKind.ORG_ACCOUNT) {
      return ownCredentials(cluster.organization());
    }
    return defaultCredentials();
  }

  private AzureCredentials ownCredentials(io.roleport.domain.Organization org) {
    AzureBinding binding = org.azureBinding().orElseThrow(() -> new DomainException("azure.notBound", org.slug()));
    if (binding.mode() == AzureAuthMode.FEDERATED) {
      return AzureCredentials.federated(binding.tenantId(), binding.subscriptionId(), binding.clientId(),
          org.workloadSubject());
    }
    AzureSecretVersion version = binding.currentSecret()
        .orElseThrow(() -> new DomainException("azure.secret.required"));
    return new AzureCredentials(binding.tenantId(), binding.subscriptionId(), binding.clientId(),
        cipher.decrypt(new SecretCipher.Sealed(version.keyId(), version.ciphertext()), version.sealContext()));
  }

  private AzureCredentials defaultCredentials() {
    InstallationProfile.AzureDefault d = installation.azureDefault()
        .orElseThrow(() -> new DomainException("azure.noDefault"));
    return new AzureCredentials(d.tenantId(), d.subscriptionId(), d.clientId(), d.clientSecret());
  }
}
