package io.roleport.infrastructure.workload;

import io.roleport.infrastructure.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The installation's workload identity issuer, built once from settings: the issuer URL
 * ({@code roleport.workload-identity.issuer}, else {@code <roleport.public-url>/workload-identity}), the signing key
 * ({@code roleport.workload-identity.signing-key}) and the keys still published for a rotation
 * ({@code roleport.workload-identity.previous-keys}). Without an issuer URL or a key the installation has no
 * workload identity: {@link #signer()} is empty and federated mode is refused with the reason.
 */
@ApplicationScoped
public class WorkloadIdentityIssuer {

  @Inject Settings settings;

  private volatile Optional<WorkloadTokenSigner> signer;
  private volatile String problem;

  /** The signer, or empty when the installation has no (usable) workload identity configuration ({@link #problem()}). */
  public Optional<WorkloadTokenSigner> signer() {
    if (signer == null) {
      synchronized (this) {
        if (signer == null) {
          signer = build();
        }
      }
    }
    return signer;
  }

  /** Why {@link #signer()} is empty, in words for an operator. */
  public String problem() {
    signer();
    return problem;
  }

  private Optional<WorkloadTokenSigner> build() {
    Optional<String> issuer = settings.workloadIdentityIssuer();
    if (issuer.isEmpty()) {
      problem = "no workload identity issuer: set roleport.public-url or roleport.workload-identity.issuer";
      return Optional.empty();
    }
    Optional<String> key = settings.workloadSigningKey();
    if (key.isEmpty()) {
      problem = "roleport.workload-identity.signing-key is not configured";
      return Optional.empty();
    }
    try {
      List<com.nimbusds.jose.jwk.JWK> previous = settings.workloadPreviousKeys()
          .map(WorkloadTokenSigner::parseKeys).orElse(List.of());
      return Optional.of(new WorkloadTokenSigner(issuer.get(), WorkloadTokenSigner.parseSigningKey(key.get()),
          previous, Clock.systemUTC()));
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
      return Optional.empty();
    }
  }
}
