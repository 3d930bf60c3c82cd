package io.roleport.infrastructure.cloud.azure;

import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.AgentPoolInner;
import com.azure.resourcemanager.containerservice.fluent.models.CredentialResultsInner;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.AgentPoolMode;
import com.azure.resourcemanager.containerservice.models.ManagedClusterAadProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterAgentPoolProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterIdentity;
import com.azure.resourcemanager.containerservice.models.OSType;
import com.azure.resourcemanager.containerservice.models.ResourceIdentityType;
import com.azure.resourcemanager.resources.fluent.ResourceGroupsClient;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import io.roleport.application.clusters.AzureClusterCloud;
import io.roleport.application.clusters.AzureTarget;
import io.roleport.application.clusters.CloudException;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * AKS through Azure Resource Manager. Each method makes one short call (the initial request of a long-running
 * operation, or a GET of the resource's provisioning state); the workflow polls by running its step again, so
 * no poller outlives a transaction and a restart loses nothing. The managed-cluster body is built only from
 * the request, so a resumed step PUTs the same body and ARM answers with the same cluster.
 */
@ApplicationScoped
public class AzureCloudProvider implements AzureClusterCloud {
  static final String SYSTEM_POOL = "system";
  static final String ROLE_ASSIGNMENTS_API = "2022-04-01";

  @Inject AzureClients clients;

  /** PUTs the group unless it exists and is another owner's: a PUT would overwrite that owner's tags. */
  @Override
  public void ensureResourceGroup(AzureTarget target, String resourceGroup, Map<String, String> tags,
      ResourceOwner owner) {
    findGroup(target, resourceGroup).filter(g -> !owner.ownsAzure(g.tags())).ifPresent(g -> {
      throw ResourceOwner.notOwned("Resource group", resourceGroup);
    });
    call(() -> groups(target).createOrUpdate(resourceGroup,
        new ResourceGroupInner().withLocation(target.region()).withTags(new TreeMap<>(tags))));
  }

  /** PUTs the managed cluster unless it exists and is another owner's (a PUT would take it over). */
  @Override
  public void putManagedCluster(AzureTarget target, AksRequest request) {
    find(target, request.resourceGroup(), request.name()).filter(c -> !request.owner().ownsAzure(c.tags()))
        .ifPresent(c -> {
          throw ResourceOwner.notOwned("AKS cluster", request.name());
        });
    ManagedClusterInner body = new ManagedClusterInner()
        .withLocation(target.region())
        .withTags(new TreeMap<>(request.tags()))
        .withIdentity(new ManagedClusterIdentity().withType(ResourceIdentityType.SYSTEM_ASSIGNED))
        .withDnsPrefix(dnsPrefix(request.name()))
        .withKubernetesVersion(request.kubernetesVersion())
        // Entra ID sign-in and Azure RBAC inside the cluster, no local accounts: the kubeconfig carries no credential
        .withAadProfile(new ManagedClusterAadProfile().withManaged(true).withEnableAzureRbac(true)
            .withTenantId(target.credentials().tenant().value()))
        .withDisableLocalAccounts(true)
        .withAgentPoolProfiles(List.of(new ManagedClusterAgentPoolProfile().withName(SYSTEM_POOL)
            .withMode(AgentPoolMode.SYSTEM).withVmSize(request.vmSize()).withCount(request.nodeCount())));
    call(() -> clusters(target).beginCreateOrUpdate(request.resourceGroup(), request.name(), body).poll());
  }

  /**
   * The DNS prefix of a cluster: its cloud name where a DNS label cannot have one ({@code _} of the unique key,
   * see {@link io.roleport.domain.CloudName}) becomes {@code -}. AKS allows 1-54 letters, digits and hyphens.
   */
  static String dnsPrefix(String name) {
    String prefix = name.replace('_', '-');
    prefix = prefix.substring(0, Math.min(prefix.length(), 54));
    while (prefix.endsWith("-")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix;
  }

  @Override
  public ResourceState managedClusterState(AzureTarget target, String resourceGroup, String name,
      ResourceOwner owner) {
    return find(target, resourceGroup, name)
        .map(c -> owner.ownsAzure(c.tags()) ? state(c.provisioningState()) : ResourceState.NOT_OURS)
        .orElse(ResourceState.GONE);
  }

  @Override
  public Optional<String> managedClusterEndpoint(AzureTarget target, String resourceGroup, String name,
      ResourceOwner owner) {
    return find(target, resourceGroup, name).filter(c -> owner.ownsAzure(c.tags()))
        .map(ManagedClusterInner::fqdn).map(f -> "https://" + f + ":443");
  }

  @Override
  public String userKubeconfig(AzureTarget target, String resourceGroup, String name) {
    CredentialResultsInner result = call(() -> clusters(target).listClusterUserCredentials(resourceGroup, name));
    return result.kubeconfigs().stream().findFirst()
        .map(k -> new String(k.value(), StandardCharsets.UTF_8))
        .orElseThrow(() -> new CloudException("NoKubeconfig", "AKS returned no user kubeconfig", false, null));
  }

  @Override
  public void deleteManagedCluster(AzureTarget target, String resourceGroup, String name, ResourceOwner owner) {
    if (find(target, resourceGroup, name).filter(c -> owner.ownsAzure(c.tags())).isEmpty()) {
      return; // gone already, or not ours to delete
    }
    try {
      call(() -> clusters(target).beginDelete(resourceGroup, name).poll());
    } catch (CloudException e) {
      if (!"ResourceGroupNotFound".equals(e.code()) && !"ResourceNotFound".equals(e.code())) {
        throw e;
      }
    }
  }

  @Override
  public void deleteResourceGroup(AzureTarget target, String resourceGroup, ResourceOwner owner) {
    if (resourceGroupState(target, resourceGroup, owner) == ResourceState.ACTIVE) {
      try {
        call(() -> groups(target).beginDelete(resourceGroup).poll());
      } catch (CloudException e) {
        if (!"ResourceGroupNotFound".equals(e.code())) {
          throw e;
        }
      }
    }
  }

  @Override
  public ResourceState resourceGroupState(AzureTarget target, String resourceGroup, ResourceOwner owner) {
    return findGroup(target, resourceGroup).map(group -> {
      if (!owner.ownsAzure(group.tags())) {
        return ResourceState.NOT_OURS;
      }
      String state = group.properties() == null ? null : group.properties().provisioningState();
      return "Deleting".equalsIgnoreCase(state) ? ResourceState.DELETING : ResourceState.ACTIVE;
    }).orElse(ResourceState.GONE);
  }

  private Optional<ResourceGroupInner> findGroup(AzureTarget target, String resourceGroup) {
    try {
      return Optional.of(groups(target).get(resourceGroup));
    } catch (RuntimeException e) {
      if (AzureErrors.notFound(e)) {
        return Optional.empty();
      }
      throw cloudException(e);
    }
  }

  @Override
  public List<String> inventory(AzureTarget target) {
    return call(() -> {
      List<String> ids = new ArrayList<>();
      groups(target).list().forEach(g -> ids.add(g.id()));
      clients.resources(target.credentials()).serviceClient().getResources().list().forEach(r -> ids.add(r.id()));
      return ids;
    });
  }

  @Override
  public List<io.roleport.application.clusters.TaggedResource> taggedResourceGroups(AzureTarget target) {
    return call(() -> {
      List<io.roleport.application.clusters.TaggedResource> found = new ArrayList<>();
      groups(target).list().forEach(group -> {
        java.util.TreeMap<String, String> tags = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (group.tags() != null) {
          tags.putAll(group.tags());
        }
        if (tags.containsKey(ResourceOwner.AZURE_CLUSTER)) {
          found.add(new io.roleport.application.clusters.TaggedResource(group.name(), group.location(), group.tags()));
        }
      });
      return found;
    });
  }

  private Optional<ManagedClusterInner> find(AzureTarget target, String resourceGroup, String name) {
    try {
      return Optional.of(clusters(target).getByResourceGroup(resourceGroup, name));
    } catch (RuntimeException e) {
      if (AzureErrors.notFound(e)) {
        return Optional.empty();
      }
      throw cloudException(e);
    }
  }

  private static ResourceState state(String provisioningState) {
    return switch (String.valueOf(provisioningState).toLowerCase(Locale.ROOT)) {
      case "succeeded" -> ResourceState.ACTIVE;
      case "failed", "canceled" -> ResourceState.FAILED;
      case "deleting" -> ResourceState.DELETING;
      default -> ResourceState.CREATING;
    };
  }

  @Override
  public List<ClusterRoleAssignment> clusterRoleAssignments(AzureTarget target, String resourceGroup, String name) {
    String body = rest(target, HttpMethod.GET, clusterScope(target, resourceGroup, name)
        + "/providers/Microsoft.Authorization/roleAssignments?api-version=" + ROLE_ASSIGNMENTS_API, null);
    List<ClusterRoleAssignment> result = new ArrayList<>();
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      for (JsonValue value : reader.readObject().getJsonArray("value")) {
        JsonObject a = value.asJsonObject();
        JsonObject p = a.getJsonObject("properties");
        String scope = p.getString("scope", "");
        if (!scope.equalsIgnoreCase(clusterScope(target, resourceGroup, name))) {
          continue; // inherited from the resource group or subscription: not the cluster's own
        }
        String role = p.getString("roleDefinitionId");
        result.add(new ClusterRoleAssignment(a.getString("name"), p.getString("principalId"),
            role.substring(role.lastIndexOf('/') + 1)));
      }
    }
    return result;
  }

  @Override
  public void assignClusterRole(AzureTarget target, String resourceGroup, String name, ClusterRoleAssignment a) {
    String roleDefinition = "/subscriptions/" + target.credentials().subscription().value()
        + "/providers/Microsoft.Authorization/roleDefinitions/" + a.roleDefinition();
    String body = Json.createObjectBuilder().add("properties", Json.createObjectBuilder()
        .add("roleDefinitionId", roleDefinition).add("principalId", a.principalId()).add("principalType", "Group"))
        .build().toString();
    try {
      rest(target, HttpMethod.PUT, clusterScope(target, resourceGroup, name)
          + "/providers/Microsoft.Authorization/roleAssignments/" + a.name() + "?api-version=" + ROLE_ASSIGNMENTS_API, body);
    } catch (CloudException e) {
      if (!"RoleAssignmentExists".equals(e.code())) { // the same group and role, assigned by someone else: granted
        throw e;
      }
    }
  }

  @Override
  public void removeClusterRole(AzureTarget target, String resourceGroup, String name, String assignmentName) {
    rest(target, HttpMethod.DELETE, clusterScope(target, resourceGroup, name)
        + "/providers/Microsoft.Authorization/roleAssignments/" + assignmentName + "?api-version=" + ROLE_ASSIGNMENTS_API,
        null);
  }

  // --- day-2 operations (issue #15) ---

  @Override
  public void putSystemPool(AzureTarget target, String resourceGroup, String name, String vmSize,
      io.roleport.domain.NodeScaling scaling, String orchestratorVersion, ResourceOwner owner) {
    if (find(target, resourceGroup, name).filter(c -> owner.ownsAzure(c.tags())).isEmpty()) {
      throw ResourceOwner.notOwned("AKS cluster", name);
    }
    boolean autoscale = scaling.min() != scaling.max();
    AgentPoolInner pool = new AgentPoolInner().withMode(AgentPoolMode.SYSTEM).withVmSize(vmSize)
        .withCount(scaling.desired()).withEnableAutoScaling(autoscale)
        .withMinCount(autoscale ? scaling.min() : null).withMaxCount(autoscale ? scaling.max() : null)
        .withOrchestratorVersion(orchestratorVersion);
    call(() -> clients.containers(target.credentials()).serviceClient().getAgentPools()
        .beginCreateOrUpdate(resourceGroup, name, SYSTEM_POOL, pool).poll());
  }

  @Override
  public ResourceState systemPoolState(AzureTarget target, String resourceGroup, String name) {
    try {
      return state(clients.containers(target.credentials()).serviceClient().getAgentPools()
          .get(resourceGroup, name, SYSTEM_POOL).provisioningState());
    } catch (RuntimeException e) {
      if (AzureErrors.notFound(e)) {
        return ResourceState.GONE;
      }
      throw cloudException(e);
    }
  }

  @Override
  public void putUserPool(AzureTarget target, String resourceGroup, String name, String poolName, String vmSize,
      io.roleport.domain.NodeScaling scaling, String orchestratorVersion, ResourceOwner owner) {
    if (find(target, resourceGroup, name).filter(c -> owner.ownsAzure(c.tags())).isEmpty()) {
      throw ResourceOwner.notOwned("AKS cluster", name);
    }
    boolean autoscale = scaling.min() != scaling.max();
    AgentPoolInner pool = new AgentPoolInner().withMode(AgentPoolMode.USER).withOsType(OSType.LINUX)
        .withVmSize(vmSize).withCount(scaling.desired()).withEnableAutoScaling(autoscale)
        .withMinCount(autoscale ? scaling.min() : null).withMaxCount(autoscale ? scaling.max() : null)
        .withOrchestratorVersion(orchestratorVersion);
    call(() -> clients.containers(target.credentials()).serviceClient().getAgentPools()
        .beginCreateOrUpdate(resourceGroup, name, poolName, pool).poll());
  }

  @Override
  public ResourceState poolState(AzureTarget target, String resourceGroup, String name, String pool) {
    try {
      return state(clients.containers(target.credentials()).serviceClient().getAgentPools()
          .get(resourceGroup, name, pool).provisioningState());
    } catch (RuntimeException e) {
      if (AzureErrors.notFound(e)) {
        return ResourceState.GONE;
      }
      throw cloudException(e);
    }
  }

  @Override
  public Optional<String> poolVersion(AzureTarget target, String resourceGroup, String name, String pool) {
    try {
      AgentPoolInner found = clients.containers(target.credentials()).serviceClient().getAgentPools()
          .get(resourceGroup, name, pool);
      return Optional.ofNullable(found.currentOrchestratorVersion() != null ? found.currentOrchestratorVersion()
          : found.orchestratorVersion());
    } catch (RuntimeException e) {
      if (AzureErrors.notFound(e)) {
        return Optional.empty();
      }
      throw cloudException(e);
    }
  }

  @Override
  public void deletePool(AzureTarget target, String resourceGroup, String name, String pool, ResourceOwner owner) {
    if (find(target, resourceGroup, name).filter(c -> owner.ownsAzure(c.tags())).isEmpty()) {
      return; // the cluster is gone (and its pools with it), or not ours to change
    }
    try {
      clients.containers(target.credentials()).serviceClient().getAgentPools()
          .beginDelete(resourceGroup, name, pool).poll();
    } catch (RuntimeException e) {
      if (!AzureErrors.notFound(e)) {
        throw cloudException(e);
      }
    }
  }

  @Override
  public void upgradeControlPlane(AzureTarget target, String resourceGroup, String name, String kubernetesVersion,
      ResourceOwner owner) {
    ManagedClusterInner cluster = find(target, resourceGroup, name).filter(c -> owner.ownsAzure(c.tags()))
        .orElseThrow(() -> ResourceOwner.notOwned("AKS cluster", name));
    cluster.withKubernetesVersion(kubernetesVersion);
    call(() -> clusters(target).beginCreateOrUpdate(resourceGroup, name, cluster).poll());
  }

  @Override
  public Optional<io.roleport.application.clusters.CloudProvider.Observed> observe(AzureTarget target,
      String resourceGroup, String name, ResourceOwner owner) {
    return find(target, resourceGroup, name).filter(c -> owner.ownsAzure(c.tags())).map(c -> {
      ManagedClusterAgentPoolProfile pool = c.agentPoolProfiles() == null ? null : c.agentPoolProfiles().stream()
          .filter(p -> SYSTEM_POOL.equals(p.name())).findFirst().orElse(null);
      int count = pool == null || pool.count() == null ? 0 : pool.count();
      boolean autoscale = pool != null && Boolean.TRUE.equals(pool.enableAutoScaling());
      String version = c.currentKubernetesVersion() != null ? c.currentKubernetesVersion() : c.kubernetesVersion();
      String poolVersion = pool == null ? null : pool.currentOrchestratorVersion() != null
          ? pool.currentOrchestratorVersion() : pool.orchestratorVersion();
      ResourceState state = state(c.provisioningState());
      return new io.roleport.application.clusters.CloudProvider.Observed(version, state, poolVersion,
          pool == null ? ResourceState.GONE : state, autoscale && pool.minCount() != null ? pool.minCount() : count,
          count, autoscale && pool.maxCount() != null ? pool.maxCount() : count, state != ResourceState.ACTIVE);
    });
  }

  private static String clusterScope(AzureTarget target, String resourceGroup, String name) {
    return "/subscriptions/" + target.credentials().subscription().value() + "/resourceGroups/" + resourceGroup
        + "/providers/Microsoft.ContainerService/managedClusters/" + name;
  }

  /** One ARM call through the organization's authenticated pipeline; a refusal becomes a {@link CloudException}. */
  private String rest(AzureTarget target, HttpMethod method, String pathAndQuery, String body) {
    HttpPipeline pipeline = clients.containers(target.credentials()).serviceClient().getHttpPipeline();
    return call(() -> ArmRest.send(pipeline, method,
        clients.environment().getResourceManagerEndpoint().replaceAll("/+$", "") + pathAndQuery, body));
  }

  private ManagedClustersClient clusters(AzureTarget target) {
    return clients.containers(target.credentials()).serviceClient().getManagedClusters();
  }

  private ResourceGroupsClient groups(AzureTarget target) {
    return clients.resources(target.credentials()).serviceClient().getResourceGroups();
  }

  private static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (CloudException e) {
      throw e;
    } catch (RuntimeException e) {
      throw cloudException(e);
    }
  }

  private static CloudException cloudException(RuntimeException e) {
    AzureErrors.Error error = AzureErrors.of(e);
    return new CloudException(error.code(), error.message(), error.retryable(), e);
  }
}
