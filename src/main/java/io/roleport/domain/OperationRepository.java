package io.roleport.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable operations and the lease that lets one worker at a time advance each of them. */
public interface OperationRepository {
  void add(Operation operation);

  Optional<Operation> find(long id);

  Optional<Operation> latest(Cluster cluster);

  /** Up to {@code max} unfinished operations that are due and not leased by a live worker, oldest due first. */
  List<Long> due(Instant now, int max);

  /**
   * Claims one operation for {@code owner} until {@code leaseUntil} if it is still due and unleased: one conditional
   * UPDATE, so exactly one worker of any instance wins. The claim increments the operation's lease token (its
   * fencing token) and its version; returns the new token, or empty when another worker holds it.
   */
  Optional<Long> claim(long id, String owner, Instant now, Instant leaseUntil);

  /** Gives the lease up, if {@code owner} still holds it with {@code token}. */
  void release(long id, String owner, long token);

  /** How many unfinished operations are due now (leased or not): the worker's queue depth. */
  long countDue(Instant now);
}
