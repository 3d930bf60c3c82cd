/**
 * The Azure adapter: the only package that imports the Azure SDK (azure-identity, azure-resourcemanager-*).
 * {@link io.roleport.infrastructure.cloud.azure.AzureClients} builds clients against the configured Entra ID
 * and ARM endpoints; {@link io.roleport.infrastructure.cloud.azure.AzureCloudProvider} and {@link
 * io.roleport.infrastructure.cloud.azure.AzureProbe} implement the application's ports.
 */
package io.roleport.infrastructure.cloud.azure;
