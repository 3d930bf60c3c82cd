/** Timers that drive background work: the provisioning worker's tick. */
package io.roleport.infrastructure.scheduling;
