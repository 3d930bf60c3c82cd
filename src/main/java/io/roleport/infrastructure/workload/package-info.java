/**
 * Roleport as the issuer of its own workload identity tokens (the way GitHub Actions or a Kubernetes
 * service-account issuer works): {@link io.roleport.infrastructure.workload.WorkloadTokenSigner} signs short-lived
 * RS256 JWTs whose subject names one organization, {@link io.roleport.infrastructure.workload.WorkloadIdentityIssuer}
 * holds the configured key, and {@link io.roleport.infrastructure.workload.WorkloadIdentityServlet} publishes the
 * discovery document and the public keys that a relying party (Entra ID) verifies them with.
 */
package io.roleport.infrastructure.workload;
