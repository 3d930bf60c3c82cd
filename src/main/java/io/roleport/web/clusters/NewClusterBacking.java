package io.roleport.web.clusters;

import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.Placement;
import io.roleport.domain.CloudKind;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.DomainException;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.omnifaces.util.Faces;

/** The create-cluster form: says which account the cluster will land in, validates on the server. */
@Named
@ViewScoped
public class NewClusterBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ClusterService clusters;
  @Inject ActiveUser user;
  @Inject io.roleport.application.access.TenantGuard guard;
  private boolean canManage;

  private String slug;
  private Placement placement;
  private List<Placement> placements;
  private CloudKind cloud;
  private String name;
  private String region = "eu-west-1";
  private String kubernetesVersion = "1.33";
  private String instanceType = "m6i.large";
  private Integer nodeCount = 2;
  private boolean useExistingVpc;
  private String vpcId;
  private String subnetIds;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    placements = clusters.placements(user.caller(), slug);
    canManage = guard.require(user.caller(), slug).canManageClusters();
    selectCloud(placements.get(0).cloud());
  }

  /** The cloud chosen (only offered when the organization has no binding): its placement and form defaults. */
  public void cloudChanged() {
    selectCloud(cloud);
  }

  private void selectCloud(CloudKind chosen) {
    cloud = chosen;
    placement = placements.stream().filter(p -> p.cloud() == chosen).findFirst().orElse(placements.get(0));
    boolean azure = placement.cloud() == CloudKind.AZURE;
    region = azure ? "westeurope" : "eu-west-1";
    instanceType = azure ? "Standard_D2s_v5" : "m6i.large";
  }

  public void create() {
    List<DomainException> refused = new java.util.ArrayList<>(refusals());
    if (useExistingVpc && isExistingVpcOffered()) {
      refused.addAll(io.roleport.domain.ExistingNetwork.refusals(vpcId, subnetIds));
    }
    if (!refused.isEmpty()) {
      refused.forEach(e -> Messages.error(fieldOf(e.key()), e)); // every field at once, each beside its field
      return;
    }
    try {
      ClusterSpec spec = new ClusterSpec(new ClusterName(name == null ? "" : name.strip()), region,
          kubernetesVersion, instanceType == null ? "" : instanceType.strip(), nodeCount == null ? 0 : nodeCount);
      Cluster cluster = clusters.create(user.caller(), slug, spec, placement.cloud(),
          useExistingVpc && isExistingVpcOffered() ? io.roleport.domain.ExistingNetwork.of(vpcId, subnetIds) : null);
      Faces.getFlash().setKeepMessages(true);
      Messages.info("cluster.create.requested", cluster.name(), cluster.placementAccount().value());
      Faces.redirect(Faces.getRequestContextPath() + "/orgs/" + slug + "/clusters/" + cluster.id());
    } catch (DomainException e) {
      Messages.error(fieldOf(e.key()), e);
    }
  }

  /**
   * What the domain refuses in the form, all at once: the spec is built as typed; each refused field is then
   * replaced by an accepted value and the spec built again, so that the next refusal shows too. The rules stay
   * in {@link ClusterName} and {@link ClusterSpec}; the service checks them again when the form is sent.
   */
  private List<DomainException> refusals() {
    List<DomainException> refused = new java.util.ArrayList<>();
    String n = name == null ? "" : name.strip();
    String r = region;
    String v = kubernetesVersion;
    String t = instanceType == null ? "" : instanceType.strip();
    int c = nodeCount == null ? 0 : nodeCount;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        new ClusterSpec(new ClusterName(n), r, v, t, c);
        break;
      } catch (DomainException e) {
        refused.add(e);
        String key = e.key();
        if (key.startsWith("cluster.name")) {
          n = "accepted-name";
        } else if (key.startsWith("cluster.region")) {
          r = getRegions().get(0);
        } else if (key.startsWith("cluster.version")) {
          v = getVersions().get(0);
        } else if (key.startsWith("cluster.instanceType")) {
          t = placement.cloud() == CloudKind.AZURE ? "Standard_D2s_v5" : "m6i.large";
        } else if (key.startsWith("cluster.nodeCount")) {
          c = 1;
        } else {
          break;
        }
      }
    }
    return refused;
  }

  private static String fieldOf(String key) {
    if (key.startsWith("cluster.name")) {
      return "newCluster:name";
    }
    if (key.startsWith("cluster.region")) {
      return "newCluster:region";
    }
    if (key.startsWith("cluster.version")) {
      return "newCluster:version";
    }
    if (key.startsWith("cluster.instanceType")) {
      return "newCluster:instanceType";
    }
    if (key.startsWith("cluster.nodeCount")) {
      return "newCluster:nodeCount";
    }
    if (key.startsWith("cluster.network.vpcId") || key.equals("cluster.network.refused")
        || key.equals("cluster.network.onlyOwnAccount")) {
      return "newCluster:vpcId";
    }
    if (key.startsWith("cluster.network.subnet")) {
      return "newCluster:subnetIds";
    }
    return null;
  }

  /** Whether the form offers an existing VPC: only for an AWS cluster in the organization's own account. */
  public boolean isExistingVpcOffered() {
    return placement.cloud() == CloudKind.AWS && placement.kind() == io.roleport.domain.PlacementKind.ORG_ACCOUNT;
  }

  public boolean isUseExistingVpc() {
    return useExistingVpc;
  }

  public void setUseExistingVpc(boolean useExistingVpc) {
    this.useExistingVpc = useExistingVpc;
  }

  public String getVpcId() {
    return vpcId;
  }

  public void setVpcId(String vpcId) {
    this.vpcId = vpcId;
  }

  public String getSubnetIds() {
    return subnetIds;
  }

  public void setSubnetIds(String subnetIds) {
    this.subnetIds = subnetIds;
  }

  public List<String> getRegions() {
    return (placement.cloud() == CloudKind.AZURE ? ClusterSpec.AZURE_REGIONS : ClusterSpec.REGIONS).stream().sorted()
        .toList();
  }

  /** Whether the caller's role may create clusters here; the form is not offered to anyone else. */
  public boolean isCanManage() {
    return canManage;
  }

  /** The most nodes a node group may have, for the form's hint. */
  public int getMaxNodes() {
    return io.roleport.domain.ClusterSpec.MAX_NODES;
  }

  public List<Placement> getPlacements() {
    return placements;
  }

  public CloudKind getCloud() {
    return cloud;
  }

  public void setCloud(CloudKind cloud) {
    this.cloud = cloud;
  }

  public List<String> getVersions() {
    return ClusterSpec.VERSIONS.stream().sorted().toList();
  }

  public String getSlug() {
    return slug;
  }

  public Placement getPlacement() {
    return placement;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getKubernetesVersion() {
    return kubernetesVersion;
  }

  public void setKubernetesVersion(String kubernetesVersion) {
    this.kubernetesVersion = kubernetesVersion;
  }

  public String getInstanceType() {
    return instanceType;
  }

  public void setInstanceType(String instanceType) {
    this.instanceType = instanceType;
  }

  public Integer getNodeCount() {
    return nodeCount;
  }

  public void setNodeCount(Integer nodeCount) {
    this.nodeCount = nodeCount;
  }
}
