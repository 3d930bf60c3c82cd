package io.roleport.application.access;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The organization this request is about, as the {@link TenantGuard} admitted it: resolved once per request, where
 * the request enters (the router), and read by every bean of the page. Only the guard sets it; a request for which
 * nobody checked an organization has none, and asking for it then answers 404.
 */
@RequestScoped
public class CurrentOrganization {
  private OrgAccess access;

  void set(OrgAccess access) {
    this.access = access;
  }

  /** The checked organization of this request, or 404 when the request was not checked for one. */
  public OrgAccess access() {
    if (access == null) {
      throw new NotFoundException("organization");
    }
    return access;
  }

  /** The checked organization of this request, if it has one. */
  public Optional<OrgAccess> find() {
    return Optional.ofNullable(access);
  }
}
