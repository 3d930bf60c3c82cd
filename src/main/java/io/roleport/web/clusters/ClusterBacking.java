package io.roleport.web.clusters;

import io.roleport.application.clusters.ClusterDetail;
import io.roleport.application.clusters.ClusterService;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.DomainException;
import io.roleport.domain.Operation;
import io.roleport.domain.OperationKind.Step;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.omnifaces.util.Faces;
import org.primefaces.PrimeFaces;

/** One cluster: its placement, and the step-by-step progress of its latest operation, refreshed live. */
@Named
@ViewScoped
public class ClusterBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ClusterService clusters;
  @Inject ActiveUser user;
  @Inject io.roleport.application.access.CurrentOrganization current;

  private String slug;
  private long clusterId;
  private ClusterDetail detail;
  private boolean canManage;
  private String confirmName;
  private String scaleMin;
  private String scaleDesired;
  private String scaleMax;
  private List<io.roleport.domain.NodeGroup> nodeGroups;
  /** The node group the scale form applies to (null: the first). */
  private Long scaleGroupId;
  private String newGroupName;
  private String newGroupType;
  private String newGroupMin;
  private String newGroupDesired;
  private String newGroupMax;
  /** The node group the removal dialog is open for. */
  private Long removeGroupId;
  private String removeConfirmName;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    clusterId = Faces.<Long>getRequestAttribute(Route.CLUSTER_ID);
    detail = routedOrLoad();
    canManage = current.access().canManageClusters(); // offer Delete only to whom may
    nodeGroups = clusters.nodeGroups(current.access(), clusterId);
    fillScaling();
    clearNewGroup();
  }

  private void clearNewGroup() {
    newGroupName = null;
    newGroupType = detail.cluster().instanceType();
    newGroupMin = "1";
    newGroupDesired = "1";
    newGroupMax = "1";
  }

  private void fillScaling() {
    var group = scaleGroup();
    var scaling = group == null || group.first() ? detail.cluster().scaling() : group.scaling();
    scaleMin = String.valueOf(scaling.min());
    scaleDesired = String.valueOf(scaling.desired());
    scaleMax = String.valueOf(scaling.max());
  }

  /**
   * Re-reads the cluster and its operation (called by the page's live refresh). When the status has changed, the
   * page's actions are redrawn and a message says how the operation ended; it replaces the older message (such as
   * "being created"), which otherwise stays until the person dismisses it.
   */
  public void refresh() {
    ClusterStatus before = detail == null ? null : detail.cluster().status();
    detail = routedOrLoad(); // a tick changes nothing before this: what the router read is current
    nodeGroups = clusters.nodeGroups(current.access(), clusterId);
    ClusterStatus now = detail.cluster().status();
    if (before != null && before != now) {
      announce(now);
      PrimeFaces.current().ajax().update("cluster:messages", "cluster:facts", "cluster:actions", "cluster:day2",
          "cluster:nodeGroups");
    }
  }

  private void load() {
    detail = clusters.detail(current.access(), clusterId);
    nodeGroups = clusters.nodeGroups(current.access(), clusterId);
  }

  /** What the router read for this request's URL (the cluster of the organization it admitted), else a new read. */
  private ClusterDetail routedOrLoad() {
    ClusterDetail read = Faces.getRequestAttribute(Route.CLUSTER_DETAIL);
    return read != null && read.cluster().id() == clusterId ? read : clusters.detail(current.access(), clusterId);
  }

  private void announce(ClusterStatus now) {
    String name = detail.cluster().name();
    switch (now) {
      case ACTIVE -> {
        if (getOperation() != null && getOperation().kind().isDay2()) { // a scaling or upgrade ended
          if (getOperation().status() == io.roleport.domain.OperationStatus.SUCCEEDED) {
            Messages.info("day2.now.done", name);
          } else {
            Messages.error(null, "day2.now.failed", name, getOperation().lastError());
          }
          fillScaling();
        } else {
          Messages.info("cluster.now.ACTIVE", name);
        }
      }
      case DELETED -> Messages.info("cluster.now.DELETED", name);
      case FAILED -> Messages.error(null, "cluster.now.FAILED", name,
          getOperation() == null || getOperation().lastError() == null ? "" : getOperation().lastError());
      default -> { }
    }
  }

  public void delete() {
    String typed = confirmName == null ? "" : confirmName.strip();
    confirmName = null;
    if (!typed.equals(detail.cluster().name())) {
      Messages.error(null, "cluster.delete.confirm.mismatch", detail.cluster().name());
      return;
    }
    try {
      clusters.delete(user.caller(), slug, clusterId);
      Messages.info("cluster.delete.requested", detail.cluster().name());
    } catch (DomainException e) {
      Messages.error(null, e);
    }
    load();
  }

  // --- day-2 operations (issue #15) ---

  /** Scales the node group to the sizes entered; every rule they break is named at once, and nothing changes then. */
  public void scale() {
    Integer min = number(scaleMin);
    Integer desired = number(scaleDesired);
    Integer max = number(scaleMax);
    if (min == null || desired == null || max == null) {
      Messages.error(null, "scale.number");
      return;
    }
    var group = scaleGroup();
    boolean first = group == null || group.first();
    List<String> problems = io.roleport.domain.NodeScaling.problems(min, desired, max,
        first ? detail.cluster().cloud() : io.roleport.domain.CloudKind.AWS); // an added group may scale to zero
    if (!problems.isEmpty()) {
      problems.forEach(key -> Messages.error(null, key, min, desired, max, io.roleport.domain.ClusterSpec.MAX_NODES));
      return;
    }
    try {
      clusters.scale(user.caller(), slug, clusterId, first ? null : group.id(),
          new io.roleport.domain.NodeScaling(min, desired, max));
      Messages.info("day2.scale.requested", detail.cluster().name());
    } catch (DomainException e) {
      Messages.error(null, e);
    }
    load();
  }

  private static Integer number(String text) {
    try {
      return text == null ? null : Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The live node group the scale form applies to: the chosen one, else the first. */
  private io.roleport.domain.NodeGroup scaleGroup() {
    if (nodeGroups == null || nodeGroups.isEmpty()) {
      return null;
    }
    return nodeGroups.stream().filter(g -> g.id().equals(scaleGroupId)).findFirst().orElse(nodeGroups.get(0));
  }

  /** Another node group was chosen in the scale form: its sizes fill the fields. */
  public void scaleGroupChosen() {
    fillScaling();
  }

  /** Adds a node group as entered; every rule the request breaks is named at once, and nothing changes then. */
  public void addNodeGroup() {
    try {
      clusters.addNodeGroup(user.caller(), slug, clusterId, newGroupName, newGroupType, number(newGroupMin),
          number(newGroupDesired), number(newGroupMax));
      Messages.info("nodegroups.add.requested", detail.cluster().name(), newGroupName.strip());
      clearNewGroup();
    } catch (io.roleport.domain.RulesBroken broken) {
      broken.problems().forEach(problem -> Messages.error(null, problem));
    } catch (DomainException e) {
      Messages.error(null, e);
    }
    load();
  }

  /** Opens the removal dialog for one node group (the page shows its name in the dialog). */
  public void askRemove(long nodeGroupId) {
    removeGroupId = nodeGroupId;
    removeConfirmName = null;
  }

  /** The node group the removal dialog is for, if any. */
  public io.roleport.domain.NodeGroup getRemoveGroup() {
    return nodeGroups.stream().filter(g -> g.id().equals(removeGroupId)).findFirst().orElse(null);
  }

  /** Removes the node group after the confirmation dialog, once its name was typed (checked again here). */
  public void removeNodeGroup() {
    var group = getRemoveGroup();
    String typed = removeConfirmName == null ? "" : removeConfirmName.strip();
    removeConfirmName = null;
    if (group == null) {
      return;
    }
    if (!typed.equals(group.name())) {
      Messages.error(null, "nodegroups.remove.confirm.mismatch", group.name());
      return;
    }
    try {
      clusters.removeNodeGroup(user.caller(), slug, clusterId, group.id());
      Messages.info("nodegroups.remove.requested", detail.cluster().name(), group.name());
    } catch (DomainException e) {
      Messages.error(null, e);
    }
    load();
  }

  /** Whether the person may remove this node group now: an added one, active or failed, of an active cluster. */
  public boolean removable(io.roleport.domain.NodeGroup group) {
    return isChangeable() && !group.first() && (group.status() == io.roleport.domain.NodeGroupStatus.ACTIVE
        || group.status() == io.roleport.domain.NodeGroupStatus.FAILED);
  }

  public List<io.roleport.domain.NodeGroup> getNodeGroups() {
    return nodeGroups;
  }

  /** The active node groups the scale form can choose from. */
  public List<io.roleport.domain.NodeGroup> getScalableGroups() {
    return nodeGroups.stream().filter(g -> g.status() == io.roleport.domain.NodeGroupStatus.ACTIVE).toList();
  }

  public Long getScaleGroupId() {
    return scaleGroupId;
  }

  public void setScaleGroupId(Long scaleGroupId) {
    this.scaleGroupId = scaleGroupId;
  }

  public String getNewGroupName() {
    return newGroupName;
  }

  public void setNewGroupName(String newGroupName) {
    this.newGroupName = newGroupName;
  }

  public String getNewGroupType() {
    return newGroupType;
  }

  public void setNewGroupType(String newGroupType) {
    this.newGroupType = newGroupType;
  }

  public String getNewGroupMin() {
    return newGroupMin;
  }

  public void setNewGroupMin(String newGroupMin) {
    this.newGroupMin = newGroupMin;
  }

  public String getNewGroupDesired() {
    return newGroupDesired;
  }

  public void setNewGroupDesired(String newGroupDesired) {
    this.newGroupDesired = newGroupDesired;
  }

  public String getNewGroupMax() {
    return newGroupMax;
  }

  public void setNewGroupMax(String newGroupMax) {
    this.newGroupMax = newGroupMax;
  }

  public String getRemoveConfirmName() {
    return removeConfirmName;
  }

  public void setRemoveConfirmName(String removeConfirmName) {
    this.removeConfirmName = removeConfirmName;
  }

  /** Upgrades to the next minor version (after the confirmation dialog). */
  public void upgrade() {
    String target = getUpgradeTarget();
    try {
      clusters.upgrade(user.caller(), slug, clusterId, target);
      Messages.info("day2.upgrade.requested", detail.cluster().name(), target);
    } catch (DomainException e) {
      Messages.error(null, e);
    }
    load();
  }

  /** Runs the failed latest operation again from its failed step. */
  public void retry() {
    try {
      clusters.retry(user.caller(), slug, clusterId);
      Messages.info("day2.retry.requested", detail.cluster().name());
    } catch (DomainException e) {
      Messages.error(null, e);
    }
    load();
  }

  /** Reads the cluster from its cloud now (drift, or deleted outside Roleport). */
  public void refreshFromCloud() {
    try {
      clusters.refresh(user.caller(), slug, clusterId);
      Messages.info("day2.refresh.done", detail.cluster().name());
    } catch (DomainException e) {
      Messages.error(null, e);
    }
    load();
  }

  /** The version an upgrade goes to, or null when the cluster runs the newest supported one. */
  public String getUpgradeTarget() {
    return clusters.upgradeTarget(detail.cluster()).orElse(null);
  }

  /** Whether the person may scale or upgrade the cluster now (it is active). */
  public boolean isChangeable() {
    return canManage && detail.cluster().status() == ClusterStatus.ACTIVE;
  }

  /** Whether the person may refresh the cluster from its cloud now (it is settled). */
  public boolean isRefreshable() {
    ClusterStatus status = detail.cluster().status();
    return canManage && (status == ClusterStatus.ACTIVE || status == ClusterStatus.MISSING);
  }

  /** Whether the latest operation failed and the person may retry it. */
  public boolean isRetryable() {
    Operation op = getOperation();
    return canManage && op != null && op.status() == io.roleport.domain.OperationStatus.FAILED;
  }

  public int getMaxNodes() {
    return io.roleport.domain.ClusterSpec.MAX_NODES;
  }

  public String getScaleMin() {
    return scaleMin;
  }

  public void setScaleMin(String scaleMin) {
    this.scaleMin = scaleMin;
  }

  public String getScaleDesired() {
    return scaleDesired;
  }

  public void setScaleDesired(String scaleDesired) {
    this.scaleDesired = scaleDesired;
  }

  public String getScaleMax() {
    return scaleMax;
  }

  public void setScaleMax(String scaleMax) {
    this.scaleMax = scaleMax;
  }

  /** What the person typed to confirm a deletion: it must be the cluster's name. */
  public String getConfirmName() {
    return confirmName;
  }

  public void setConfirmName(String confirmName) {
    this.confirmName = confirmName;
  }

  public Cluster getCluster() {
    return detail.cluster();
  }

  public Operation getOperation() {
    return detail.operation().orElse(null);
  }

  public boolean isChanging() {
    return detail.cluster().status().changing();
  }

  public boolean isDeletable() {
    ClusterStatus status = detail.cluster().status();
    return canManage && (status == ClusterStatus.ACTIVE || status == ClusterStatus.FAILED
        || status == ClusterStatus.MISSING);
  }

  public List<Step> getSteps() {
    Operation op = getOperation();
    return op == null ? List.of() : op.kind().steps();
  }

  /** done, current, failed or waiting, for one step of the latest operation. */
  public String stepState(Step step) {
    Operation op = getOperation();
    int index = op.kind().steps().indexOf(step);
    return switch (op.status()) {
      case SUCCEEDED -> "done";
      case FAILED -> index < op.stepIndex() ? "done" : index == op.stepIndex() ? "failed" : "waiting";
      default -> index < op.stepIndex() ? "done" : index == op.stepIndex() ? "current" : "waiting";
    };
  }

  /** Seconds the latest operation has run (or ran). */
  public long getElapsedSeconds() {
    Operation op = getOperation();
    if (op == null) {
      return 0;
    }
    Instant end = op.finishedAt().orElse(Instant.now());
    return Duration.between(op.startedAt(), end).toSeconds();
  }

  public String getSlug() {
    return slug;
  }

  /** The cluster's id in its cloud: the EKS cluster ARN, or the AKS managed cluster's resource id. */
  public String getCloudResourceId() {
    Cluster c = detail.cluster();
    String account = c.placementAccount().value();
    return c.cloud() == io.roleport.domain.CloudKind.AZURE
        ? "/subscriptions/" + account + "/resourceGroups/" + c.resourceGroupName()
            + "/providers/Microsoft.ContainerService/managedClusters/" + c.cloudName()
        : "arn:aws:eks:" + c.region() + ":" + account + ":cluster/" + c.cloudName();
  }

  /** The file name the kubeconfig downloads as (RouterFilter sends the same): {@code <org>-<cluster>.kubeconfig}. */
  public String getKubeconfigFileName() {
    return slug + "-" + detail.cluster().name() + ".kubeconfig";
  }

  /**
   * What a person can do about the latest operation's failure, as a message key ({@code cluster.error.*}), for
   * the cloud errors whose cause is known; null when the raw error is all there is. The raw error stays on the
   * page behind "details".
   */
  public String getErrorAdvice() {
    Operation op = getOperation();
    if (op == null || op.lastError() == null || op.status() != io.roleport.domain.OperationStatus.FAILED) {
      return null;
    }
    return ErrorAdvice.of(op.lastError());
  }
}
