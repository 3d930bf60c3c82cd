package io.roleport.web.admin;

import io.roleport.application.installation.InstallationService;
import io.roleport.application.installation.InventoryRow;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.PagedModel;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/** The installation's inventory: every organization, the account its clusters run in, how many. */
@Named
@ViewScoped
public class InventoryBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject InstallationService installation;
  @Inject ActiveUser user;

  private PagedModel<InventoryRow> model;
  private String defaultAccount;

  @PostConstruct
  void init() {
    var caller = user.caller();
    InstallationService service = installation;
    model = new PagedModel<>((offset, limit) -> service.inventory(caller, offset, limit),
        () -> service.organizations(caller), InventoryRow::slug);
    defaultAccount = installation.defaultAccount(caller);
  }

  public PagedModel<InventoryRow> getModel() {
    return model;
  }

  public String getDefaultAccount() {
    return defaultAccount;
  }
}
