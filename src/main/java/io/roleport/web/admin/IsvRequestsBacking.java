package io.roleport.web.admin;

import io.roleport.application.organizations.OrgLifecycleService;
import io.roleport.domain.DomainException;
import io.roleport.domain.IsvRequest;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** {@code /admin/isv-requests}: organizations that asked to become an ISV; platform admins approve or decline. */
@Named
@ViewScoped
public class IsvRequestsBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject OrgLifecycleService lifecycle;
  @Inject ActiveUser user;

  private List<IsvRequest> requests;

  @PostConstruct
  void init() {
    requests = lifecycle.pendingRequests(user.caller());
  }

  public void approve(IsvRequest request) {
    decide(request, true);
  }

  public void decline(IsvRequest request) {
    decide(request, false);
  }

  private void decide(IsvRequest request, boolean approve) {
    try {
      lifecycle.decide(user.caller(), request.id(), approve, null);
      Messages.info(approve ? "isv.request.approvedDone" : "isv.request.declinedDone", request.organization().slug());
      requests = lifecycle.pendingRequests(user.caller());
    } catch (DomainException e) {
      Messages.error(null, e);
    }
  }

  public List<IsvRequest> getRequests() {
    return requests;
  }

  public boolean isCanDecide() {
    return user.isPlatformAdmin();
  }
}
