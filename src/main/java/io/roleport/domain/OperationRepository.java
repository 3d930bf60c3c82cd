package io.roleport.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable operations and the lease that lets one worker at a time advance each of them. */
public interface OperationRepository {
  void add(Operation operation);

  Optional<Operation> find(long id);

  Optional<Operation> latest(Cluster cluster);

  /**
   * Claims up to {@code max} unfinished operations that are due and not leased by a live worker: one
   * conditional UPDATE each, so two portal instances never advance the same operation at once.
   */
  List<Long> claimDue(String owner, Instant now, Instant leaseUntil, int max);

  void release(long id, String owner);
}
