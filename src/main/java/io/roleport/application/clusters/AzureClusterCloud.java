package io.roleport.application.clusters;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port to Azure for AKS clusters, the Azure sibling of {@link CloudProvider}. Every method is idempotent: ARM
 * PUTs are (the same body names the same resource), and deletes of what is gone succeed. Long-running
 * operations are started here and watched through the state methods, one workflow step at a time, so a
 * restart resumes by looking again rather than by holding a poller.
 */
public interface AzureClusterCloud {

  /** Creates or re-PUTs the resource group with these tags. */
  void ensureResourceGroup(AzureTarget target, String resourceGroup, Map<String, String> tags);

  /** Starts the PUT of the managed cluster (a resumed step re-PUTs the same body). */
  void putManagedCluster(AzureTarget target, AksRequest request);

  ResourceState managedClusterState(AzureTarget target, String resourceGroup, String name);

  /** The API server URL of a cluster that has one. */
  Optional<String> managedClusterEndpoint(AzureTarget target, String resourceGroup, String name);

  /** The user kubeconfig ({@code listClusterUserCredential}), as YAML text. */
  String userKubeconfig(AzureTarget target, String resourceGroup, String name);

  /** Starts deleting the managed cluster; a missing cluster is fine. */
  void deleteManagedCluster(AzureTarget target, String resourceGroup, String name);

  /** Starts deleting the resource group; a missing group is fine. */
  void deleteResourceGroup(AzureTarget target, String resourceGroup);

  /** {@code ACTIVE} while the group exists, {@code DELETING} while it goes, {@code GONE} after. */
  ResourceState resourceGroupState(AzureTarget target, String resourceGroup);

  /** Ids of every resource group and resource in the subscription (operators, tests: "nothing left"). */
  List<String> inventory(AzureTarget target);

  /** An AKS cluster with one system node pool. */
  record AksRequest(String resourceGroup, String name, String kubernetesVersion, String vmSize, int nodeCount,
      Map<String, String> tags) {}
}
