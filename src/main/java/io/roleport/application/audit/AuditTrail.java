package io.roleport.application.audit;

import io.roleport.domain.AuditEvent;
import io.roleport.domain.AuditEvent.Outcome;
import io.roleport.domain.AuditLog;
import io.roleport.domain.PersonRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.logging.Logger;

/**
 * Writes audit events. A success is recorded in the caller's transaction, so it exists exactly when the
 * change does; a refusal or failure is recorded in a transaction of its own, so it survives the
 * rollback of the action it describes.
 */
@ApplicationScoped
public class AuditTrail {
  private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

  @Inject AuditLog log;
  @Inject PersonRepository people;
  @Inject Clock clock;
  @Inject io.roleport.application.access.TenantGuard guard;
  /** Issue #15: the organization's webhook hears of the changes it cares about in the same transaction. */
  @Inject io.roleport.application.notifications.WebhookOutbox webhookOutbox;

  @Transactional(TxType.MANDATORY)
  public void ok(String actor, Long orgId, String accountId, String action, String detail) {
    append(actor, orgId, accountId, action, Outcome.OK, detail);
    webhookOutbox.record(action, orgId, accountId, actor, detail, clock.instant());
  }

  @Transactional(TxType.REQUIRES_NEW)
  public void refused(String actor, Long orgId, String accountId, String action, String detail) {
    append(actor, orgId, accountId, action, Outcome.REFUSED, detail);
  }

  @Transactional(TxType.REQUIRES_NEW)
  public void failed(String actor, Long orgId, String accountId, String action, String detail) {
    append(actor, orgId, accountId, action, Outcome.FAILED, detail);
  }

  /** Records an event on its own, whatever transaction is around (sign-in, role assumption). */
  @Transactional(TxType.REQUIRES_NEW)
  public void standalone(String actor, Long orgId, String accountId, String action, Outcome outcome,
      String detail) {
    append(actor, orgId, accountId, action, outcome, detail);
  }

  /**
   * The latest events of one organization, for its administrators (and platform operators), each with the
   * name of the person it names: one query for the events, one for the names of all of them.
   */
  @Transactional
  public List<AuditEntry> recent(io.roleport.application.access.Caller caller, String slug, int limit) {
    var access = guard.require(caller, slug);
    access.requireAdminister();
    List<AuditEvent> events = log.recent(access.organization().id(), limit);
    Map<String, String> names = people.displayNames(events.stream().map(AuditEvent::actor)
        .collect(Collectors.toSet()));
    return events.stream().map(e -> new AuditEntry(e, new Actor(e.actor(), names.get(e.actor())))).toList();
  }

  private void append(String actor, Long orgId, String accountId, String action, Outcome outcome, String detail) {
    log.append(new AuditEvent(clock.instant(), actor, orgId, accountId, action, outcome, detail));
    LOG.fine(() -> "audit " + action + " " + outcome + " by " + actor);
  }
}
