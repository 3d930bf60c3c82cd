package io.roleport.domain;

import java.util.Optional;

/** Third parties' own identity providers, one per organization. */
public interface IdentityProviderRepository {
  Optional<IdentityProvider> forOrganization(String slug);

  void add(IdentityProvider provider);

  void remove(IdentityProvider provider);
}
