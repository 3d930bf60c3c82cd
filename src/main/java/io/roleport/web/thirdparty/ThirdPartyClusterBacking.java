package io.roleport.web.thirdparty;

import io.roleport.application.thirdparty.ThirdPartyService;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterStatus;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.omnifaces.util.Faces;

/** One cluster as its third party sees it: status, region, version, kubeconfig. */
@Named
@ViewScoped
public class ThirdPartyClusterBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ThirdPartyService thirdParty;
  @Inject ActiveUser user;

  private String slug;
  private long clusterId;
  private Cluster cluster;
  private java.util.List<io.roleport.domain.NodeGroup> nodeGroups;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    clusterId = Faces.<Long>getRequestAttribute(Route.CLUSTER_ID);
    refresh();
  }

  public void refresh() {
    cluster = thirdParty.cluster(user.caller(), slug, clusterId);
    nodeGroups = thirdParty.nodeGroups(user.caller(), slug, clusterId);
  }

  /** The cluster's node groups, read only. */
  public java.util.List<io.roleport.domain.NodeGroup> getNodeGroups() {
    return nodeGroups;
  }

  public boolean isChanging() {
    return cluster.status().changing(); // creating, updating (a day-2 change by the ISV) or deleting
  }

  public boolean isKubeconfigReady() {
    return cluster.status() == ClusterStatus.ACTIVE && cluster.endpoint().isPresent();
  }

  public Cluster getCluster() {
    return cluster;
  }

  public String getSlug() {
    return slug;
  }
}
