package io.roleport.application.clusters;

import io.roleport.domain.Operation;
import io.roleport.domain.OperationStatus;

/**
 * What one run of one step did, for the worker's log line and the metrics (fired as a CDI event). Every field is
 * from a small fixed set except the ids and the cloud's error code; none holds a secret.
 *
 * @param outcome {@code done} (next step), {@code waiting} (polls again), {@code retry} (failed, backs off),
 *     {@code succeeded} or {@code failed} (the operation ended)
 * @param errorCode the cloud's error code when the step failed with a cloud answer, else null
 * @param took how long the step took, its transaction included
 */
public record StepRun(long operationId, String requestId, String kind, String step, String provider, String outcome,
    String errorCode, java.time.Duration took) {

  /** The same run, timed by the worker (the step's transaction included). */
  StepRun took(java.time.Duration duration) {
    return new StepRun(operationId, requestId, kind, step, provider, outcome, errorCode, duration);
  }

  static String outcomeOf(Operation op, int stepIndexBefore, int attemptsBefore) {
    if (op.status() == OperationStatus.SUCCEEDED) {
      return "succeeded";
    }
    if (op.status() == OperationStatus.FAILED) {
      return "failed";
    }
    if (op.stepIndex() > stepIndexBefore) {
      return "done";
    }
    return op.attempts() > attemptsBefore ? "retry" : "waiting";
  }
}
