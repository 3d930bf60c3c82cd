package io.roleport.application.clusters;

import java.util.Map;

/**
 * A cloud resource that carries Roleport's cluster tag, as the orphan check reads it: its id (a VPC id, a resource
 * group's name), its region and all its tags. Vendor-free, so the check compares tags with rows without an SDK type.
 */
public record TaggedResource(String id, String region, Map<String, String> tags) {
  public TaggedResource {
    tags = Map.copyOf(tags);
  }
}
