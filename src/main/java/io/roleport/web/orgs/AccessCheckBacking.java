package io.roleport.web.orgs;

import io.roleport.application.onboarding.AccessCheckService;
import io.roleport.domain.BindingStatus;
import io.roleport.domain.DomainException;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.omnifaces.util.Faces;

/** The "does the account still trust us?" check on an organization page. */
@Named
@ViewScoped
public class AccessCheckBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject AccessCheckService checks;
  @Inject ActiveUser user;
  @Inject OrgBacking page;

  private String slug;
  private BindingStatus status;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    status = page.getOverview().accessStatus().orElse(null); // read with the page's overview
  }

  public void check() {
    try {
      user.countCloudCheck();
      status = checks.check(user.caller(), slug);
      if (status.revoked()) {
        Messages.error(null, "access.check.revoked");
      } else {
        Messages.info("access.check.ok");
      }
    } catch (DomainException e) {
      Messages.error(null, e);
    }
  }

  public BindingStatus getStatus() {
    return status;
  }

  public boolean isRevoked() {
    return status != null && status.revoked();
  }
}
