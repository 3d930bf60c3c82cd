package io.roleport.web.admin;

import io.roleport.application.installation.DefaultAccountRow;
import io.roleport.application.installation.InstallationService;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.PagedModel;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * The clusters still in the installation's default account, per organization ({@code /admin/clusters/default-account}):
 * how many each organization keeps there, and whether it has bound its own account since (those clusters stayed
 * behind). {@code ?bound=true} shows only the organizations bound since.
 */
@Named
@ViewScoped
public class DefaultAccountBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject InstallationService installation;
  @Inject ActiveUser user;

  private PagedModel<DefaultAccountRow> model;
  private boolean boundOnly;
  private String defaultAccount;

  @PostConstruct
  void init() {
    var caller = user.caller();
    boundOnly = "true".equals(org.omnifaces.util.Faces.getRequestParameter("bound"));
    boolean bound = boundOnly;
    InstallationService service = installation;
    model = new PagedModel<>((offset, limit) -> service.defaultAccount(caller, bound, offset, limit),
        () -> service.countDefaultAccount(caller, bound), DefaultAccountRow::slug);
    defaultAccount = installation.defaultAccount(caller);
  }

  public PagedModel<DefaultAccountRow> getModel() {
    return model;
  }

  public boolean isBoundOnly() {
    return boundOnly;
  }

  public String getDefaultAccount() {
    return defaultAccount;
  }
}
