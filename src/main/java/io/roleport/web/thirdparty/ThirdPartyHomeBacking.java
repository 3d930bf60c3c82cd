package io.roleport.web.thirdparty;

import io.roleport.application.thirdparty.ThirdPartyService;
import io.roleport.application.thirdparty.ThirdPartyView;
import io.roleport.domain.Cluster;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.omnifaces.util.Faces;

/** A third party's home: its clusters with live status, who manages its account, how to revoke. */
@Named
@ViewScoped
public class ThirdPartyHomeBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ThirdPartyService thirdParty;
  @Inject ActiveUser user;
  @Inject io.roleport.application.support.SupportAccessService support;

  private String slug;
  private ThirdPartyView view;
  private List<Cluster> clusters;
  private List<io.roleport.domain.SupportSession> supportSessions;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    view = thirdParty.view(user.caller(), slug);
    supportSessions = support.recentForThirdParty(user.caller(), slug);
    refresh();
  }

  public void refresh() {
    clusters = thirdParty.clusters(user.caller(), slug);
  }

  public boolean isChanging() {
    return clusters.stream().anyMatch(c -> c.status().changing()); // creating, updating or deleting
  }

  public List<io.roleport.domain.SupportSession> getSupportSessions() {
    return supportSessions;
  }

  public ThirdPartyView getView() {
    return view;
  }

  public List<Cluster> getClusters() {
    return clusters;
  }
}
