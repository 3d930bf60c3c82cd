/**
 * MicroProfile Metrics of the provisioning worker (steps, finished operations, cloud errors, queue depth), served
 * by Payara Micro at {@code /metrics}. Labels come from fixed sets only. See docs/operations.md.
 */
package io.roleport.infrastructure.metrics;
