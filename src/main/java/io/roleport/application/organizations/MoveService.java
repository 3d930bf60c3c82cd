package io.roleport.application.organizations;

import io.roleport.application.access.Caller;
import io.roleport.application.access.Limits;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.ClusterService;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterRepository;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.DomainException;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgKind;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.Slug;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Issue #15, the way out of a permanent binding: "move to a new organization". A binding never changes, so to use
 * another account an administrator creates a new organization (new slug and name, a new ExternalId) that carries over
 * the group mappings, binds it to the new account, and recreates the old organization's clusters there with the same
 * specs, one by one on request, through the normal create path (quotas and validation apply). Nothing is deleted: the
 * old clusters stay until their people delete them; then the old organization can be archived. Audited in both.
 */
@ApplicationScoped
public class MoveService {
  private static final int MAX_CLUSTERS = 500;
  private final SecureRandom random = new SecureRandom();

  @Inject TenantGuard guard;
  @Inject OrganizationRepository organizations;
  @Inject ClusterRepository clusters;
  @Inject ClusterService clusterService;
  @Inject AuditTrail audit;
  @Inject Clock clock;
  @Inject Limits limits;

  /** A cluster of the old organization and whether a live cluster of that name already exists in the new one. */
  public record Candidate(Cluster cluster, boolean recreated) {}

  /**
   * Creates the new organization (org-admins of the old one; not for an ISV, whose third parties stay with it).
   *
   * @throws DomainException on an invalid or taken slug, an invalid name, the daily quota of organizations
   */
  @Transactional
  public Organization start(Caller caller, String slug, String newName, String newSlug) {
    OrgAccess access = guard.require(caller, slug);
    Organization old = access.organization();
    try {
      access.requireOrgAdmin();
      if (old.kind() == OrgKind.ISV) {
        throw new DomainException("org.move.isv", old.slug());
      }
      old.requireNotReplaced();
      Organization.requireValidName(newName);
      Slug validSlug = new Slug(newSlug == null ? "" : newSlug.strip());
      limits.organizationCreation(caller);
      if (organizations.slugTaken(validSlug.value())) {
        throw new DomainException("org.slug.taken", validSlug.value());
      }
      Organization moved = new Organization(validSlug, newName, old.kind(), old.parent().orElse(null),
          ExternalId.generate(random), clock.instant());
      moved.movedFrom(old);
      organizations.add(moved);
      List<GroupMapping> mappings = organizations.mappings(old);
      for (GroupMapping m : mappings) {
        organizations.add(new GroupMapping(moved, m.groupName(), m.role()));
      }
      organizations.flush();
      audit.ok(caller.subject(), old.id(), null, "org.move.started", "to " + moved.slug());
      // "org.created" as for any new organization (the daily quota counts it), naming where it comes from
      audit.ok(caller.subject(), moved.id(), null, "org.created",
          moved.slug() + " moved from " + old.slug() + ", " + mappings.size() + " group mappings carried over");
      return moved;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), old.id(), null, "org.move.started", refused.key());
      throw refused;
    }
  }

  /**
   * The old organization's live clusters to recreate in this (new) one, each marked when a live cluster of that name
   * exists here already. Empty when this organization replaced none, or the caller no longer sees the old one.
   */
  @Transactional
  public List<Candidate> candidates(OrgAccess access) {
    Optional<Organization> old = oldOf(access);
    if (old.isEmpty()) {
      return List.of();
    }
    Set<String> here = clusters.page(access.organization(), 0, MAX_CLUSTERS).stream().map(Cluster::name)
        .collect(Collectors.toSet());
    return clusters.page(old.get(), 0, MAX_CLUSTERS).stream()
        .filter(c -> c.status() != ClusterStatus.DELETED && c.status() != ClusterStatus.DELETING)
        .map(c -> new Candidate(c, here.contains(c.name())))
        .toList();
  }

  /** As {@link #candidates(OrgAccess)}, for organization {@code slug}. */
  @Transactional
  public List<Candidate> candidates(Caller caller, String slug) {
    return candidates(guard.require(caller, slug));
  }

  /** The organization this one replaced, if the caller still sees it. */
  @Transactional
  public Optional<Organization> movedFrom(OrgAccess access) {
    return oldOf(access);
  }

  /**
   * Creates, in the new organization, a cluster with the same name, region, version, machine type, node count and
   * cloud as cluster {@code oldClusterId} of the organization it replaced: through {@link ClusterService#create}, as if
   * the caller had filled the form. The old cluster is left alone.
   */
  @Transactional
  public Cluster recreate(Caller caller, String slug, long oldClusterId) {
    OrgAccess access = guard.require(caller, slug);
    Organization old = oldOf(access).orElseThrow(() -> new NotFoundException("cluster"));
    Cluster source = clusters.find(old, oldClusterId).filter(c -> c.status() != ClusterStatus.DELETED)
        .orElseThrow(() -> new NotFoundException("cluster"));
    ClusterSpec spec;
    try {
      spec = new ClusterSpec(new ClusterName(source.name()), source.region(), source.kubernetesVersion(),
          source.instanceType(), source.nodeCount());
    } catch (DomainException refused) {
      audit.refused(caller.subject(), access.organization().id(), null, "cluster.create.requested", refused.key());
      throw refused;
    }
    Cluster created = clusterService.create(caller, slug, spec, source.cloud());
    audit.ok(caller.subject(), old.id(), null, "org.move.clusterRecreated",
        source.name() + " recreated in " + access.organization().slug());
    return created;
  }

  private Optional<Organization> oldOf(OrgAccess access) {
    return access.organization().movedFrom().flatMap(old -> {
      try {
        return Optional.of(guard.require(access.caller(), old.slug()).organization());
      } catch (NotFoundException outOfSight) {
        return Optional.empty();
      }
    });
  }
}
