package io.roleport.application.clusters;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port to Azure for AKS clusters, the Azure sibling of {@link CloudProvider}. Every method is idempotent: ARM
 * PUTs are (the same body names the same resource), and deletes of what is gone succeed. Long-running
 * operations are started here and watched through the state methods, one workflow step at a time, so a
 * restart resumes by looking again rather than by holding a poller.
 *
 * <p>An existing resource group or managed cluster is used only when its tags name {@code owner}
 * ({@link ResourceOwner}): PUTting over another owner's would overwrite its tags and settings, so the create
 * methods refuse it ({@link ResourceOwner#notOwned}), the state methods report {@link ResourceState#NOT_OURS} and
 * the delete methods leave it alone.
 */
public interface AzureClusterCloud {

  /** Creates or re-PUTs the resource group with these tags, unless it exists and is another owner's. */
  void ensureResourceGroup(AzureTarget target, String resourceGroup, Map<String, String> tags, ResourceOwner owner);

  /** Starts the PUT of the managed cluster (a resumed step re-PUTs the same body). */
  void putManagedCluster(AzureTarget target, AksRequest request);

  ResourceState managedClusterState(AzureTarget target, String resourceGroup, String name, ResourceOwner owner);

  /** The API server URL of a cluster of {@code owner} that has one. */
  Optional<String> managedClusterEndpoint(AzureTarget target, String resourceGroup, String name, ResourceOwner owner);

  /** The user kubeconfig ({@code listClusterUserCredential}), as YAML text. */
  String userKubeconfig(AzureTarget target, String resourceGroup, String name);

  /** Starts deleting the managed cluster of {@code owner}; a missing cluster or another owner's is left. */
  void deleteManagedCluster(AzureTarget target, String resourceGroup, String name, ResourceOwner owner);

  /** Starts deleting the resource group of {@code owner}; a missing group or another owner's is left. */
  void deleteResourceGroup(AzureTarget target, String resourceGroup, ResourceOwner owner);

  /**
   * {@code ACTIVE} while the group exists, {@code DELETING} while it goes, {@code GONE} after, {@code NOT_OURS}
   * when it is another owner's.
   */
  ResourceState resourceGroupState(AzureTarget target, String resourceGroup, ResourceOwner owner);

  /** Ids of every resource group and resource in the subscription (operators, tests: "nothing left"). */
  List<String> inventory(AzureTarget target);

  /**
   * Every resource group of the subscription that carries Roleport's cluster tag ({@code roleport-cluster}, matched
   * case-insensitively as Azure tag names are), with its tags: ARM's list of resource groups, which
   * {@code Microsoft.Resources/subscriptions/resourceGroups/read} allows.
   */
  List<TaggedResource> taggedResourceGroups(AzureTarget target);

  /** An AKS cluster with one system node pool. */
  record AksRequest(String resourceGroup, String name, String kubernetesVersion, String vmSize, int nodeCount,
      Map<String, String> tags, ResourceOwner owner) {}

  /** A role assignment on a cluster: its name (a GUID), the principal (object id) and the role definition's GUID. */
  record ClusterRoleAssignment(String name, String principalId, String roleDefinition) {}

  /** The role assignments made on the managed cluster itself (not inherited ones). */
  List<ClusterRoleAssignment> clusterRoleAssignments(AzureTarget target, String resourceGroup, String name);

  /** Assigns a role on the managed cluster to a group (idempotent: the same name and content again is a no-op). */
  void assignClusterRole(AzureTarget target, String resourceGroup, String name, ClusterRoleAssignment assignment);

  /** Removes a role assignment from the managed cluster (gone already is fine). */
  void removeClusterRole(AzureTarget target, String resourceGroup, String name, String assignmentName);

  // --- day-2 operations (issue #15) ---

  /**
   * PUTs the cluster's system agent pool with this size and version (AKS agent pools API): min = max is a fixed
   * count, otherwise the cluster autoscaler keeps it between them. AKS answers {@code OperationNotAllowed} while
   * another operation of the cluster runs.
   */
  void putSystemPool(AzureTarget target, String resourceGroup, String name, String vmSize,
      io.roleport.domain.NodeScaling scaling, String orchestratorVersion, ResourceOwner owner);

  /** The system pool's provisioning state ({@code CREATING} while it updates, {@code ACTIVE} once it succeeded). */
  ResourceState systemPoolState(AzureTarget target, String resourceGroup, String name);

  /** PUTs the managed cluster as it is with {@code kubernetesVersion} (control plane only; the pools follow later). */
  void upgradeControlPlane(AzureTarget target, String resourceGroup, String name, String kubernetesVersion,
      ResourceOwner owner);

  /**
   * PUTs a user agent pool {@code pool} (Linux) of the cluster of {@code owner} with this size and version: creates it,
   * or, for a pool that exists (a resumed step, a scaling), updates it (AKS refuses a change of its VM size).
   */
  void putUserPool(AzureTarget target, String resourceGroup, String name, String pool, String vmSize,
      io.roleport.domain.NodeScaling scaling, String orchestratorVersion, ResourceOwner owner);

  /**
   * An agent pool's provisioning state: {@code CREATING} while it is created or updated, {@code ACTIVE} once it
   * succeeded, {@code DELETING} while it goes, {@code GONE} when there is none.
   */
  ResourceState poolState(AzureTarget target, String resourceGroup, String name, String pool);

  /** The Kubernetes version agent pool {@code pool} runs (its current orchestrator version); empty when there is none. */
  Optional<String> poolVersion(AzureTarget target, String resourceGroup, String name, String pool);

  /** Starts deleting agent pool {@code pool} of the cluster of {@code owner}; a pool that is gone already is fine. */
  void deletePool(AzureTarget target, String resourceGroup, String name, String pool, ResourceOwner owner);

  /** The managed cluster of {@code owner} and its system pool as ARM has them now; empty when gone or not ours. */
  Optional<CloudProvider.Observed> observe(AzureTarget target, String resourceGroup, String name, ResourceOwner owner);
}
