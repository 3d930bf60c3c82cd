package io.roleport.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Organizations and their group mappings. Pages are cut in the database. */
public interface OrganizationRepository {
  Optional<Organization> findBySlug(String slug);

  /**
   * The organization with {@code slug}, its bindings loaded, and the roles that any of {@code groups} holds in it
   * (none: empty): what the tenant guard needs, in one query.
   */
  Optional<WithRoles> findWithRoles(String slug, Collection<String> groups);

  /** An organization and the roles some groups hold in it. */
  record WithRoles(Organization organization, java.util.Set<OrgRole> roles) {}

  /** Organizations any of {@code groups} maps to, or all when {@code all}; ordered by name; archived ones left out. */
  List<Organization> page(Collection<String> groups, boolean all, int offset, int limit);

  long count(Collection<String> groups, boolean all);

  /** The third-party organizations of an ISV, by name. */
  List<Organization> children(Organization isv);

  /** Slugs of the organizations where {@code groups} hold the third-party role. */
  List<String> thirdPartySlugs(Collection<String> groups);

  List<GroupMapping> mappings(Organization org, Collection<String> groups);

  List<GroupMapping> mappings(Organization org);

  boolean slugTaken(String slug);

  void add(Organization org);

  void add(GroupMapping mapping);

  Optional<GroupMapping> findMapping(Organization org, long mappingId);

  void remove(GroupMapping mapping);

  /** Locks the organization's row until the transaction ends, so two bindings cannot race. */
  void lock(Organization org);

  /** Writes pending changes now, so a constraint violation surfaces inside the service. */
  void flush();

  /** Every stored Azure secret version sealed under a key other than {@code keyId} (key rotation). */
  java.util.List<AzureSecretVersion> azureSecretsNotUnder(String keyId);
}
