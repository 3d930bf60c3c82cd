/**
 * Clusters: requests (create, delete, list) and the durable provisioning workflow that carries them out
 * step by step through the {@link io.roleport.application.clusters.CloudProvider} port.
 */
package io.roleport.application.clusters;
