package io.roleport.application.organizations;

import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.DomainException;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Which identity-provider groups hold which role in an organization. Roles are read from these mappings
 * at every request, so a change applies at once, without a new sign-in. An organization always keeps at
 * least one administrator mapping, so it never locks itself out.
 */
@ApplicationScoped
public class MappingService {

  @Inject TenantGuard guard;
  @Inject OrganizationRepository organizations;
  @Inject AuditTrail audit;
  @Inject io.roleport.application.clusters.AksAccess aksAccess;

  @Transactional
  public List<GroupMapping> mappings(Caller caller, String slug) {
    return organizations.mappings(guard.require(caller, slug).organization());
  }

  /** Maps a group to a role; refused for non-administrators, blank or duplicate mappings. */
  @Transactional
  public GroupMapping add(Caller caller, String slug, String group, OrgRole role) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    try {
      access.requireAdminister();
      access.requireWritable();
      if (role == null) {
        throw new DomainException("mapping.role.missing");
      }
      GroupMapping mapping = new GroupMapping(org, group, role);
      boolean exists = organizations.mappings(org).stream()
          .anyMatch(m -> m.groupName().equals(mapping.groupName()) && m.role() == role);
      if (exists) {
        throw new DomainException("mapping.exists", mapping.groupName(), role);
      }
      organizations.add(mapping);
      organizations.flush();
      audit.ok(caller.subject(), org.id(), null, "mapping.added", mapping.groupName() + " -> " + role);
      aksAccess.mappingsChanged(org, caller.subject());
      return mapping;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "mapping.added", refused.key());
      throw refused;
    }
  }

  /** Removes a mapping; the last administrator mapping stays. */
  @Transactional
  public void remove(Caller caller, String slug, long mappingId) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    GroupMapping mapping = organizations.findMapping(org, mappingId)
        .orElseThrow(() -> new NotFoundException("mapping"));
    try {
      access.requireAdminister();
      access.requireWritable();
      long admins = organizations.mappings(org).stream().filter(m -> m.role() == OrgRole.ORG_ADMIN).count();
      if (mapping.role() == OrgRole.ORG_ADMIN && admins <= 1) {
        throw new DomainException("mapping.lastAdmin", mapping.groupName());
      }
      organizations.remove(mapping);
      audit.ok(caller.subject(), org.id(), null, "mapping.removed", mapping.groupName() + " -> " + mapping.role());
      aksAccess.mappingsChanged(org, caller.subject());
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "mapping.removed", refused.key());
      throw refused;
    }
  }
}
