/**
 * MicroProfile Health checks (readiness: database, schema version, worker; liveness: the JVM answers), served by
 * Payara Micro at {@code /health/ready} and {@code /health/live}. See docs/operations.md.
 */
package io.roleport.infrastructure.health;
