package io.roleport.domain;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a user asks for: region, Kubernetes version and one node group. Checked against what Roleport
 * offers, so a bad request is refused before anything is stored or any cloud is called.
 */
public record ClusterSpec(ClusterName name, String region, String kubernetesVersion, String instanceType,
    int nodeCount) {
  public static final Set<String> REGIONS = Set.of("eu-west-1", "eu-central-1", "us-east-1", "us-west-2");
  /** Azure regions offered for AKS clusters. */
  public static final Set<String> AZURE_REGIONS = Set.of("westeurope", "northeurope", "germanywestcentral",
      "eastus", "westus2");
  private static final Pattern AZURE_VM_SIZE = Pattern.compile("Standard_[A-Za-z0-9_]+");
  public static final Set<String> VERSIONS = Set.of("1.31", "1.32", "1.33");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9]*\\.[a-z0-9]+");
  public static final int MAX_NODES = 20;

  public ClusterSpec {
    if (!REGIONS.contains(region) && !AZURE_REGIONS.contains(region)) {
      throw new DomainException("cluster.region.invalid", region);
    }
    if (!VERSIONS.contains(kubernetesVersion)) {
      throw new DomainException("cluster.version.invalid", kubernetesVersion);
    }
    if (instanceType == null || !(INSTANCE_TYPE.matcher(instanceType).matches()
        || AZURE_VM_SIZE.matcher(instanceType).matches())) {
      throw new DomainException("cluster.instanceType.invalid", instanceType);
    }
    if (nodeCount < 1 || nodeCount > MAX_NODES) {
      throw new DomainException("cluster.nodeCount.invalid", nodeCount, MAX_NODES);
    }
  }

  /** Whether {@code instanceType} is a machine type of {@code cloud}: an EC2 instance type, or an Azure VM size. */
  public static boolean instanceTypeOffered(String instanceType, CloudKind cloud) {
    return instanceType != null && instanceType.length() <= 40 && (cloud == CloudKind.AZURE
        ? AZURE_VM_SIZE.matcher(instanceType).matches() : INSTANCE_TYPE.matcher(instanceType).matches());
  }

  /** Refuses a region or machine type of another cloud (an Azure VM size for EKS, an AWS region for AKS). */
  public void requireOffered(CloudKind cloud) {
    boolean azure = cloud == CloudKind.AZURE;
    if (azure ? !AZURE_REGIONS.contains(region) : !REGIONS.contains(region)) {
      throw new DomainException("cluster.region.invalid", region);
    }
    if (azure != AZURE_VM_SIZE.matcher(instanceType).matches()) {
      throw new DomainException("cluster.instanceType.invalid", instanceType);
    }
  }
}
