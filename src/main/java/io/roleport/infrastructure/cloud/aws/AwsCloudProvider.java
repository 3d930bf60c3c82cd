package io.roleport.infrastructure.cloud.aws;

import io.roleport.application.clusters.CloudException;
import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessScopeType;
import software.amazon.awssdk.services.eks.model.AuthenticationMode;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.NodegroupScalingConfig;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.VpcConfigRequest;

/**
 * Kubernetes clusters on AWS: a tagged network ({@link AwsNetwork}: public and private subnets in two zones, internet
 * and NAT gateways, route tables), an EKS cluster and one managed node group in the private subnets. Every method looks before it acts (by tag or by name) and sends the saved client request
 * token, so a step repeated after a crash finds its earlier work instead of creating it again. What it finds
 * counts only when its tags name the cluster's {@link ResourceOwner}: in the installation's shared default account
 * a name or a tag value alone proves nothing.
 */
@ApplicationScoped
public class AwsCloudProvider implements CloudProvider {
  static final String TAG = ResourceOwner.AWS_CLUSTER;
  static final String CLUSTER_ROLE = io.roleport.application.onboarding.AwsPermissions.CLUSTER_ROLE;
  static final String NODE_ROLE = io.roleport.application.onboarding.AwsPermissions.NODE_ROLE;

  @Inject AwsClients clients;

  /** See {@link AwsNetwork#ensure}. */
  @Override
  public Network ensureNetwork(CloudTarget target, ResourceOwner owner, Map<String, String> tags) {
    return call(() -> AwsNetwork.ensure(clients.ec2(target), target, owner, tags));
  }

  /**
   * Creates the cluster unless it exists; an existing cluster of this name is adopted (a retried step) only when
   * its tags name this cluster and organization.
   */
  @Override
  public void ensureCluster(CloudTarget target, ClusterRequest request) {
    call(() -> {
      EksClient eks = clients.eks(target);
      Optional<software.amazon.awssdk.services.eks.model.Cluster> existing = describeCluster(eks, request.name());
      if (existing.isEmpty()) {
        eks.createCluster(r -> r.name(request.name())
            .version(request.kubernetesVersion())
            .roleArn(roleArn(target, CLUSTER_ROLE))
            .resourcesVpcConfig(VpcConfigRequest.builder().subnetIds(request.subnetIds()).build())
            // Access entries only (no aws-auth ConfigMap), and no admin entry for the automation role: Roleport does
            // nothing inside clusters, and in web-identity mode that role is everyone's (docs/permissions.md).
            .accessConfig(a -> a.authenticationMode(AuthenticationMode.API)
                .bootstrapClusterCreatorAdminPermissions(false))
            .tags(request.tags())
            .clientRequestToken(request.idempotencyToken()));
      } else if (!request.owner().ownsAws(existing.get().tags())) {
        throw ResourceOwner.notOwned("EKS cluster", request.name());
      }
      return null;
    });
  }

  @Override
  public ResourceState clusterState(CloudTarget target, String clusterName, ResourceOwner owner) {
    return call(() -> describeCluster(clients.eks(target), clusterName)
        .map(c -> owner.ownsAws(c.tags()) ? state(c.statusAsString()) : ResourceState.NOT_OURS)
        .orElse(ResourceState.GONE));
  }

  @Override
  public Optional<ClusterEndpoint> clusterEndpoint(CloudTarget target, String clusterName, ResourceOwner owner) {
    return call(() -> describeCluster(clients.eks(target), clusterName)
        .filter(cluster -> owner.ownsAws(cluster.tags()) && cluster.endpoint() != null)
        .map(cluster -> new ClusterEndpoint(cluster.endpoint(),
            cluster.certificateAuthority() == null ? null : cluster.certificateAuthority().data())));
  }

  @Override
  public void ensureNodeGroup(CloudTarget target, NodeGroupRequest request) {
    call(() -> {
      EksClient eks = clients.eks(target);
      Optional<software.amazon.awssdk.services.eks.model.Cluster> cluster = describeCluster(eks, request.clusterName());
      if (cluster.filter(c -> !request.owner().ownsAws(c.tags())).isPresent()) {
        throw ResourceOwner.notOwned("EKS cluster", request.clusterName());
      }
      Optional<Nodegroup> existing = describeNodeGroup(eks, request.clusterName(), request.name());
      if (existing.isEmpty()) {
        // a group added later goes into the cluster's own (private) subnets, as its first group did
        java.util.List<String> subnets = !request.subnetIds().isEmpty() ? request.subnetIds()
            : cluster.map(c -> c.resourcesVpcConfig().subnetIds()).orElse(java.util.List.of());
        eks.createNodegroup(r -> r.clusterName(request.clusterName())
            .nodegroupName(request.name())
            .instanceTypes(request.instanceType())
            .scalingConfig(NodegroupScalingConfig.builder().minSize(request.min()).maxSize(request.max())
                .desiredSize(request.desired()).build())
            .subnets(subnets)
            .nodeRole(roleArn(target, NODE_ROLE))
            .tags(request.tags())
            .clientRequestToken(request.idempotencyToken()));
      } else if (!request.owner().ownsAws(existing.get().tags())) {
        throw ResourceOwner.notOwned("EKS node group", request.clusterName() + "/" + request.name());
      }
      return null;
    });
  }

  @Override
  public ResourceState nodeGroupState(CloudTarget target, String clusterName, String nodeGroupName,
      ResourceOwner owner) {
    return call(() -> describeNodeGroup(clients.eks(target), clusterName, nodeGroupName)
        .map(ng -> owner.ownsAws(ng.tags()) ? state(ng.statusAsString()) : ResourceState.NOT_OURS)
        .orElse(ResourceState.GONE));
  }

  /** Deletes the node group if it is there and ours; another owner's is left alone. */
  @Override
  public void deleteNodeGroup(CloudTarget target, String clusterName, String nodeGroupName, ResourceOwner owner) {
    call(() -> {
      EksClient eks = clients.eks(target);
      if (describeNodeGroup(eks, clusterName, nodeGroupName).filter(ng -> owner.ownsAws(ng.tags())).isEmpty()) {
        return null; // gone already, or not ours to delete
      }
      try {
        eks.deleteNodegroup(r -> r.clusterName(clusterName).nodegroupName(nodeGroupName));
      } catch (ResourceNotFoundException gone) {
        // already deleted by an earlier attempt
      } catch (ResourceInUseException deleting) {
        // deletion already under way
      }
      return null;
    });
  }

  /** Deletes the cluster if it is there and ours; another owner's is left alone. */
  @Override
  public void deleteCluster(CloudTarget target, String clusterName, ResourceOwner owner) {
    call(() -> {
      EksClient eks = clients.eks(target);
      if (describeCluster(eks, clusterName).filter(c -> owner.ownsAws(c.tags())).isEmpty()) {
        return null; // gone already, or not ours to delete
      }
      try {
        eks.deleteCluster(r -> r.name(clusterName));
      } catch (ResourceNotFoundException gone) {
        // already deleted by an earlier attempt
      }
      return null;
    });
  }

  /** See {@link AwsNetwork#check}. */
  @Override
  public java.util.List<NetworkProblem> checkExistingNetwork(CloudTarget target, String vpcId,
      java.util.List<String> subnetIds) {
    return call(() -> AwsNetwork.check(clients.ec2(target), target, vpcId, subnetIds));
  }

  /** See {@link AwsNetwork#delete}. */
  @Override
  public ResourceState deleteNetwork(CloudTarget target, ResourceOwner owner) {
    return call(() -> AwsNetwork.delete(clients.ec2(target), owner));
  }

  // --- day-2 operations (issue #15) ---

  @Override
  public Optional<Observed> observe(CloudTarget target, String clusterName, String nodeGroupName, ResourceOwner owner) {
    return call(() -> {
      EksClient eks = clients.eks(target);
      Optional<software.amazon.awssdk.services.eks.model.Cluster> cluster = describeCluster(eks, clusterName)
          .filter(c -> owner.ownsAws(c.tags()));
      if (cluster.isEmpty()) {
        return Optional.<Observed>empty();
      }
      Optional<Nodegroup> ng = describeNodeGroup(eks, clusterName, nodeGroupName).filter(n -> owner.ownsAws(n.tags()));
      NodegroupScalingConfig scaling = ng.map(Nodegroup::scalingConfig).orElse(null);
      return Optional.of(new Observed(cluster.get().version(), state(cluster.get().statusAsString()),
          ng.map(Nodegroup::version).orElse(null),
          ng.map(n -> state(n.statusAsString())).orElse(ResourceState.GONE),
          scaling == null ? 0 : scaling.minSize(), scaling == null ? 0 : scaling.desiredSize(),
          scaling == null ? 0 : scaling.maxSize(),
          "UPDATING".equals(cluster.get().statusAsString()) || ng.map(n -> "UPDATING".equals(n.statusAsString()))
              .orElse(false)));
    });
  }

  @Override
  public String scaleNodeGroup(CloudTarget target, String clusterName, String nodeGroupName, int min, int desired,
      int max, ResourceOwner owner) {
    return call(() -> {
      EksClient eks = clients.eks(target);
      requireOwnedNodeGroup(eks, clusterName, nodeGroupName, owner);
      return eks.updateNodegroupConfig(r -> r.clusterName(clusterName).nodegroupName(nodeGroupName)
          .scalingConfig(NodegroupScalingConfig.builder().minSize(min).desiredSize(desired).maxSize(max).build()))
          .update().id();
    });
  }

  @Override
  public void ensureAccessEntries(CloudTarget target, String clusterName, ResourceOwner owner,
      Map<String, String> policies) {
    call(() -> {
      EksClient eks = clients.eks(target);
      if (describeCluster(eks, clusterName).filter(c -> owner.ownsAws(c.tags())).isEmpty()) {
        throw ResourceOwner.notOwned("EKS cluster", clusterName);
      }
      policies.forEach((principal, policy) -> {
        try {
          eks.createAccessEntry(r -> r.clusterName(clusterName).principalArn(principal));
        } catch (ResourceInUseException exists) {
          // created by an earlier attempt
        }
        eks.associateAccessPolicy(r -> r.clusterName(clusterName).principalArn(principal).policyArn(policy)
            .accessScope(s -> s.type(AccessScopeType.CLUSTER)));
      });
      return null;
    });
  }

  @Override
  public String upgradeControlPlane(CloudTarget target, String clusterName, String version, ResourceOwner owner) {
    return call(() -> {
      EksClient eks = clients.eks(target);
      if (describeCluster(eks, clusterName).filter(c -> owner.ownsAws(c.tags())).isEmpty()) {
        throw ResourceOwner.notOwned("EKS cluster", clusterName);
      }
      return eks.updateClusterVersion(r -> r.name(clusterName).version(version)).update().id();
    });
  }

  @Override
  public String upgradeNodeGroup(CloudTarget target, String clusterName, String nodeGroupName, String version,
      ResourceOwner owner) {
    return call(() -> {
      EksClient eks = clients.eks(target);
      requireOwnedNodeGroup(eks, clusterName, nodeGroupName, owner);
      return eks.updateNodegroupVersion(r -> r.clusterName(clusterName).nodegroupName(nodeGroupName).version(version))
          .update().id();
    });
  }

  @Override
  public UpdateState updateState(CloudTarget target, String clusterName, String nodeGroupName, String updateId) {
    return call(() -> {
      var update = clients.eks(target).describeUpdate(r -> r.name(clusterName).updateId(updateId)
          .nodegroupName(nodeGroupName)).update();
      return switch (update.statusAsString()) {
        case "Successful" -> new UpdateState(ResourceState.ACTIVE, null);
        case "Failed", "Cancelled" -> new UpdateState(ResourceState.FAILED, update.statusAsString() + ": "
            + String.join("; ", update.errors().stream().map(e -> e.errorCodeAsString() + " " + e.errorMessage())
                .toList()));
        default -> new UpdateState(ResourceState.CREATING, null);
      };
    });
  }

  // --- orphan check (issue #15) ---

  @Override
  public java.util.List<io.roleport.application.clusters.TaggedResource> taggedNetworks(CloudTarget target) {
    return call(() -> {
      java.util.List<io.roleport.application.clusters.TaggedResource> found = new java.util.ArrayList<>();
      clients.ec2(target).describeVpcsPaginator(r -> r.filters(AwsNetwork.filter("tag-key", TAG))).vpcs()
          .forEach(vpc -> found.add(new io.roleport.application.clusters.TaggedResource(vpc.vpcId(), target.region(),
              AwsNetwork.tags(vpc.tags()))));
      return found;
    });
  }

  private static void requireOwnedNodeGroup(EksClient eks, String clusterName, String nodeGroupName,
      ResourceOwner owner) {
    if (describeNodeGroup(eks, clusterName, nodeGroupName).filter(n -> owner.ownsAws(n.tags())).isEmpty()) {
      throw ResourceOwner.notOwned("EKS node group", clusterName + "/" + nodeGroupName);
    }
  }

  private static Optional<software.amazon.awssdk.services.eks.model.Cluster> describeCluster(EksClient eks,
      String name) {
    try {
      return Optional.of(eks.describeCluster(r -> r.name(name)).cluster());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private static Optional<Nodegroup> describeNodeGroup(EksClient eks, String cluster, String nodeGroup) {
    try {
      return Optional.of(eks.describeNodegroup(r -> r.clusterName(cluster).nodegroupName(nodeGroup)).nodegroup());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private static ResourceState state(String awsStatus) {
    return switch (awsStatus) {
      case "ACTIVE", "UPDATING" -> ResourceState.ACTIVE;
      case "DELETING" -> ResourceState.DELETING;
      case "FAILED", "CREATE_FAILED", "DELETE_FAILED", "DEGRADED" -> ResourceState.FAILED;
      default -> ResourceState.CREATING;
    };
  }

  private static String roleArn(CloudTarget target, String name) {
    return "arn:aws:iam::" + target.role().accountId().value() + ":role/" + name;
  }

  /** Runs SDK calls and turns their failures into the port's {@link CloudException}. */
  static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode();
      boolean retryable = e.isThrottlingException() || e.statusCode() >= 500 || e instanceof ResourceInUseException;
      throw new CloudException(code, e.awsErrorDetails() == null ? e.getMessage()
          : e.awsErrorDetails().errorMessage(), retryable, e);
    } catch (SdkClientException e) {
      throw new CloudException("Unreachable", e.getMessage(), true, e);
    }
  }
}
