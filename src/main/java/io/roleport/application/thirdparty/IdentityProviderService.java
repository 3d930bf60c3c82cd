package io.roleport.application.thirdparty;

import io.roleport.application.access.Caller;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.DomainException;
import io.roleport.domain.IdentityProvider;
import io.roleport.domain.IdentityProviderRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;

/**
 * A third party's own identity provider, registered by its ISV's administrators. Its users sign in at
 * {@code /tp/{slug}} through that provider and become third-party users of that organization only.
 */
@ApplicationScoped
public class IdentityProviderService {

  @Inject TenantGuard guard;
  @Inject IdentityProviderRepository providers;
  @Inject OidcDiscovery discovery;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  /** Where sign-in for a third-party organization goes, if it has its own provider (no caller yet). */
  @Transactional
  public Optional<ProviderInfo> forOrganization(String slug) {
    return providers.forOrganization(slug).map(p -> new ProviderInfo(p.organization().slug(), p.issuer(), p.clientId()));
  }

  /** The provider as the ISV's administrators see it. */
  @Transactional
  public Optional<ProviderInfo> registered(Caller caller, String slug) {
    return registered(guard.require(caller, slug));
  }

  /** The provider of an organization the guard already admitted. */
  @Transactional
  public Optional<ProviderInfo> registered(io.roleport.application.access.OrgAccess access) {
    return forOrganization(access.organization().slug());
  }

  /** Registers (or replaces) the provider, after checking that it answers as an OpenID provider. */
  @Transactional
  public ProviderInfo register(Caller caller, String slug, String issuer, String clientId) {
    OrgAccess access = guard.require(caller, slug);
    try {
      access.requireOrgAdmin();
      IdentityProvider provider = new IdentityProvider(access.organization(), issuer, clientId, caller.subject(),
          clock.instant());
      Optional<String> problem = discovery.problem(provider.issuer());
      if (problem.isPresent()) {
        throw new DomainException(problem.get(), provider.issuer());
      }
      providers.forOrganization(slug).ifPresent(providers::remove);
      providers.add(provider);
      audit.ok(caller.subject(), access.organization().id(), null, "idp.registered",
          provider.issuer() + " client " + provider.clientId());
      return new ProviderInfo(slug, provider.issuer(), provider.clientId());
    } catch (DomainException refused) {
      audit.refused(caller.subject(), access.organization().id(), null, "idp.registered", refused.key());
      throw refused;
    }
  }

  /** A third party's provider: where its users sign in. */
  public record ProviderInfo(String orgSlug, String issuer, String clientId) implements java.io.Serializable {}
}
