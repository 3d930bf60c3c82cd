/** Timers that drive background work: the provisioning worker, webhook sender and orphan check ticks. */
package io.roleport.infrastructure.scheduling;
