package io.roleport.domain;

import java.util.List;
import java.util.Optional;

/** The node groups of clusters. */
public interface NodeGroupRepository {

  /** A group of {@code cluster}, by id (another cluster's group is not found). */
  Optional<NodeGroup> find(Cluster cluster, long id);

  /** The cluster's live (not removed) groups, the first one first, then in the order they were added: one query. */
  List<NodeGroup> live(Cluster cluster);

  /** The cluster's first group, if it has a row (clusters created before V30 were backfilled). */
  Optional<NodeGroup> first(Cluster cluster);

  void add(NodeGroup group);
}
