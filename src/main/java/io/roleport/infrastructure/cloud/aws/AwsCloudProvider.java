package io.roleport.infrastructure.cloud.aws;

import io.roleport.application.clusters.CloudException;
import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessScopeType;
import software.amazon.awssdk.services.eks.model.AuthenticationMode;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.NodegroupScalingConfig;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.VpcConfigRequest;

/**
 * Kubernetes clusters on AWS: a tagged VPC with two subnets in two zones, an EKS cluster and one managed
 * node group. Every method looks before it acts (by tag or by name) and sends the saved client request
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

  @Override
  public Network ensureNetwork(CloudTarget target, ResourceOwner owner, Map<String, String> tags) {
    return call(() -> {
      Ec2Client ec2 = clients.ec2(target);
      Optional<Vpc> found = findVpc(ec2, owner.clusterKey());
      if (found.isPresent() && !owner.ownsAws(tags(found.get()))) {
        throw ResourceOwner.notOwned("VPC", found.get().vpcId());
      }
      Vpc vpc = found.orElseGet(() -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")
          .tagSpecifications(tags(ResourceType.VPC, tags))).vpc());
      List<Subnet> existing = ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpc.vpcId()))).subnets();
      List<String> subnetIds = new ArrayList<>();
      String[] zones = {target.region() + "a", target.region() + "b"};
      for (int i = 0; i < zones.length; i++) {
        String zone = zones[i];
        String cidr = "10.0." + i + ".0/24";
        Optional<Subnet> subnet = existing.stream().filter(s -> zone.equals(s.availabilityZone())).findFirst();
        if (subnet.isPresent() && !owner.ownsAws(tags(subnet.get().tags()))) {
          throw ResourceOwner.notOwned("Subnet", subnet.get().subnetId());
        }
        subnetIds.add(subnet.map(Subnet::subnetId).orElseGet(() -> ec2.createSubnet(r -> r.vpcId(vpc.vpcId())
            .cidrBlock(cidr).availabilityZone(zone).tagSpecifications(tags(ResourceType.SUBNET, tags)))
            .subnet().subnetId()));
      }
      return new Network(vpc.vpcId(), subnetIds);
    });
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
      if (describeCluster(eks, request.clusterName()).filter(c -> !request.owner().ownsAws(c.tags())).isPresent()) {
        throw ResourceOwner.notOwned("EKS cluster", request.clusterName());
      }
      Optional<Nodegroup> existing = describeNodeGroup(eks, request.clusterName(), request.name());
      if (existing.isEmpty()) {
        eks.createNodegroup(r -> r.clusterName(request.clusterName())
            .nodegroupName(request.name())
            .instanceTypes(request.instanceType())
            .scalingConfig(NodegroupScalingConfig.builder().minSize(request.size()).maxSize(request.size())
                .desiredSize(request.size()).build())
            .subnets(request.subnetIds())
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

  /** Deletes the cluster's VPC and its subnets if they are there and ours; another owner's are left alone. */
  @Override
  public void deleteNetwork(CloudTarget target, ResourceOwner owner) {
    call(() -> {
      Ec2Client ec2 = clients.ec2(target);
      Optional<Vpc> vpc = findVpc(ec2, owner.clusterKey()).filter(v -> owner.ownsAws(tags(v)));
      if (vpc.isPresent()) {
        for (Subnet subnet : ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpc.get().vpcId()))).subnets()) {
          if (owner.ownsAws(tags(subnet.tags()))) {
            ec2.deleteSubnet(r -> r.subnetId(subnet.subnetId()));
          }
        }
        ec2.deleteVpc(r -> r.vpcId(vpc.get().vpcId()));
      }
      return null;
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

  private static Optional<Vpc> findVpc(Ec2Client ec2, String clusterKey) {
    return ec2.describeVpcs(r -> r.filters(filter("tag:" + TAG, clusterKey))).vpcs().stream().findFirst();
  }

  private static Map<String, String> tags(Vpc vpc) {
    return tags(vpc.tags());
  }

  private static Map<String, String> tags(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
    Map<String, String> out = new java.util.HashMap<>();
    tags.forEach(t -> out.put(t.key(), t.value()));
    return out;
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

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  private static TagSpecification tags(ResourceType type, Map<String, String> tags) {
    return TagSpecification.builder().resourceType(type)
        .tags(tags.entrySet().stream()
            .map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList())
        .build();
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
