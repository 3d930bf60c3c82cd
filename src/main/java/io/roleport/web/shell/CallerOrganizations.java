package io.roleport.web.shell;

import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.Organization;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed-in person's organizations as one request sees them: the switcher in the shell and the list on
 * {@code /orgs} ask for the same first page, and the list's empty state and its paginator for the same count; each is
 * read once per request.
 */
@RequestScoped
public class CallerOrganizations {

  @Inject OrganizationService organizations;
  @Inject ActiveUser user;

  private final Map<Long, List<Organization>> pages = new HashMap<>();
  private Long count;

  /** Organizations {@code offset} to {@code offset + limit} of the caller's, by name. */
  public List<Organization> page(int offset, int limit) {
    return pages.computeIfAbsent(((long) offset << 32) | limit,
        key -> organizations.page(user.caller(), offset, limit));
  }

  /** How many organizations the caller sees. */
  public long count() {
    if (count == null) {
      count = organizations.count(user.caller());
    }
    return count;
  }
}
