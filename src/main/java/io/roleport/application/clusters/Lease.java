package io.roleport.application.clusters;

import java.time.Instant;

/**
 * A worker's claim on one operation: who holds it, its fencing token (incremented by every claim) and until when.
 * Every step checks the token before it starts; a claim by another worker changes the operation's version, so a
 * step whose lease was taken over cannot commit.
 */
public record Lease(long operationId, String owner, long token, Instant until) {}
