package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One node group of a cluster: an EKS managed node group or an AKS agent pool. Every cluster has its first group,
 * created with it (EKS {@value #FIRST_AWS}, AKS system pool {@value #FIRST_AZURE}); more can be added and removed while
 * the cluster is active (issue #15). The first group is never removed on its own: AKS needs its system pool, and it
 * goes with the cluster. Names follow the clouds' rules ({@link #problems}).
 */
@Entity
@Table(name = "node_group")
public class NodeGroup implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** The first node group's name on EKS (as created since the first release). */
  public static final String FIRST_AWS = "default";
  /** The first (system) agent pool's name on AKS. */
  public static final String FIRST_AZURE = "system";
  /** EKS: 1-63 characters, a letter or digit first, then letters, digits, hyphens and underscores. */
  private static final Pattern EKS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  /** AKS Linux user pool: 1-12 lowercase letters and digits, a letter first. */
  private static final Pattern AKS_NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "cluster_id", updatable = false)
  private Cluster cluster;

  @Column(nullable = false, length = 63, updatable = false)
  private String name;

  /** The name while the group is live; cleared when it is removed so the name can be used again. */
  @Column(name = "live_name", length = 63)
  private String liveName;

  @Column(name = "instance_type", nullable = false, length = 40, updatable = false)
  private String instanceType;

  @Column(name = "node_min", nullable = false)
  private int nodeMin;

  @Column(name = "node_desired", nullable = false)
  private int nodeDesired;

  @Column(name = "node_max", nullable = false)
  private int nodeMax;

  @Column(name = "first_group", nullable = false, updatable = false)
  private boolean firstGroup;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  private NodeGroupStatus status;

  @Column(name = "created_by", nullable = false, length = 255, updatable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "status_changed_at", nullable = false)
  private Instant statusChangedAt;

  @Version private long version;

  protected NodeGroup() {}

  private NodeGroup(Cluster cluster, String name, String instanceType, NodeScaling scaling, boolean first,
      String createdBy, Instant now) {
    this.cluster = cluster;
    this.name = name;
    this.liveName = name;
    this.instanceType = instanceType;
    this.nodeMin = scaling.min();
    this.nodeDesired = scaling.desired();
    this.nodeMax = scaling.max();
    this.firstGroup = first;
    this.status = NodeGroupStatus.CREATING;
    this.createdBy = createdBy;
    this.createdAt = now;
    this.statusChangedAt = now;
  }

  /** The group a new cluster is created with: its instance type and node count. */
  public static NodeGroup first(Cluster cluster, Instant now) {
    return new NodeGroup(cluster, firstName(cluster.cloud()), cluster.instanceType(), cluster.scaling(), true,
        cluster.createdBy(), now);
  }

  /** The first group's name in {@code cloud}. */
  public static String firstName(CloudKind cloud) {
    return cloud == CloudKind.AZURE ? FIRST_AZURE : FIRST_AWS;
  }

  /**
   * A group to add to {@code cluster}.
   *
   * @param taken the names of the cluster's live groups
   * @throws RulesBroken naming every rule the request breaks
   */
  public static NodeGroup add(Cluster cluster, String name, String instanceType, Integer min, Integer desired,
      Integer max, Collection<String> taken, String createdBy, Instant now) {
    List<DomainException> problems = problems(cluster.cloud(), name, instanceType, min, desired, max, taken);
    if (!problems.isEmpty()) {
      throw new RulesBroken(problems);
    }
    return new NodeGroup(cluster, name, instanceType, new NodeScaling(min, desired, max), false, createdBy, now);
  }

  /**
   * Every rule a new group breaks (empty when none): the cloud's naming rule, a name in use in the cluster, the
   * machine type of the cloud, and the sizes ({@link NodeScaling#problems}; {@code null}: not a whole number).
   */
  public static List<DomainException> problems(CloudKind cloud, String name, String instanceType, Integer min,
      Integer desired, Integer max, Collection<String> taken) {
    List<DomainException> out = new ArrayList<>();
    String n = name == null ? "" : name.strip();
    boolean azure = cloud == CloudKind.AZURE;
    if (!(azure ? AKS_NAME : EKS_NAME).matcher(n).matches()) {
      out.add(new DomainException(azure ? "nodegroup.name.invalidAzure" : "nodegroup.name.invalidAws", n));
    } else if (taken.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(n.toLowerCase(Locale.ROOT)))) {
      out.add(new DomainException("nodegroup.name.taken", n));
    }
    if (!ClusterSpec.instanceTypeOffered(instanceType, cloud)) {
      out.add(new DomainException(azure ? "nodegroup.instanceType.invalidAzure" : "nodegroup.instanceType.invalidAws",
          instanceType == null ? "" : instanceType));
    }
    if (min == null || desired == null || max == null) {
      out.add(new DomainException("scale.number"));
    } else {
      // an added group is an EKS node group or an AKS user pool: it may scale to zero (only the system pool may not)
      NodeScaling.problems(min, desired, max, CloudKind.AWS)
          .forEach(key -> out.add(new DomainException(key, min, desired, max, ClusterSpec.MAX_NODES)));
    }
    return out;
  }

  /** The group exists in the cloud (created, or its cluster was). */
  public void markActive(Instant now) {
    transition(NodeGroupStatus.ACTIVE, now);
  }

  /** Its add or remove failed (or its cluster's create did). */
  public void markFailed(Instant now) {
    transition(NodeGroupStatus.FAILED, now);
  }

  /** Starts removing the group: never the first one (it goes with its cluster), and only a settled one. */
  public void startRemoving(Instant now) {
    if (firstGroup) {
      throw new DomainException("nodegroup.remove.first", name);
    }
    if (status != NodeGroupStatus.ACTIVE && status != NodeGroupStatus.FAILED) {
      throw new DomainException("nodegroup.remove.notSettled", name, status);
    }
    transition(NodeGroupStatus.DELETING, now);
  }

  /** Starts scaling the group: only an active one. */
  public void startScaling(Instant now) {
    if (status != NodeGroupStatus.ACTIVE) {
      throw new DomainException("nodegroup.scale.notActive", name, status);
    }
    transition(NodeGroupStatus.UPDATING, now);
  }

  /** The group is gone from the cloud; its name may be used again. */
  public void markRemoved(Instant now) {
    transition(NodeGroupStatus.DELETED, now);
    liveName = null;
  }

  /** A scaling ended (done or failed): the group runs on, active. */
  public void endScaling(Instant now) {
    if (status == NodeGroupStatus.UPDATING) {
      transition(NodeGroupStatus.ACTIVE, now);
    }
  }

  /** A failed add or remove runs again (retry). */
  public void resume(OperationKind kind, Instant now) {
    if (kind.addsNodeGroup()) {
      transition(NodeGroupStatus.CREATING, now);
    } else if (kind.removesNodeGroup()) {
      transition(NodeGroupStatus.DELETING, now);
    } else if (status == NodeGroupStatus.ACTIVE) {
      transition(NodeGroupStatus.UPDATING, now);
    }
  }

  /** The group now has this size. */
  public void recordScaling(NodeScaling scaling) {
    nodeMin = scaling.min();
    nodeDesired = scaling.desired();
    nodeMax = scaling.max();
  }

  public NodeScaling scaling() {
    return new NodeScaling(nodeMin, nodeDesired, nodeMax);
  }

  private void transition(NodeGroupStatus next, Instant now) {
    status = next;
    statusChangedAt = now;
  }

  public Long id() {
    return id;
  }

  public Cluster cluster() {
    return cluster;
  }

  public String name() {
    return name;
  }

  public String instanceType() {
    return instanceType;
  }

  public boolean first() {
    return firstGroup;
  }

  public NodeGroupStatus status() {
    return status;
  }

  public boolean live() {
    return status != NodeGroupStatus.DELETED;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
