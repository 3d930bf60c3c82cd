package io.roleport.web.orgs;

import io.roleport.application.access.CurrentOrganization;
import io.roleport.application.thirdparty.IdentityProviderService;
import io.roleport.application.thirdparty.IdentityProviderService.ProviderInfo;
import io.roleport.domain.DomainException;
import io.roleport.domain.OrgKind;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.omnifaces.util.Faces;

/** On a third party's organization page: its own identity provider, registered by the ISV's admins. */
@Named
@ViewScoped
public class IdentityProviderBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject IdentityProviderService providers;
  @Inject ActiveUser user;
  @Inject CurrentOrganization currentOrg;

  private String slug;
  private boolean thirdParty;
  private boolean canAdminister;
  private ProviderInfo current;
  private String issuer;
  private String clientId;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    var access = currentOrg.access();
    thirdParty = access.organization().kind() == OrgKind.THIRD_PARTY;
    canAdminister = access.isOrgAdmin() && access.writable();
    current = thirdParty ? providers.registered(access).orElse(null) : null;
  }

  public void register() {
    try {
      current = providers.register(user.caller(), slug, issuer, clientId);
      Messages.info("idp.registered", current.issuer());
    } catch (DomainException e) {
      Messages.error(e.key().startsWith("idp.clientId") ? "idp:clientId" : "idp:issuer", e);
    }
  }

  /** The link the third party's users sign in with. */
  public String getSignInLink() {
    return base() + "/auth/login/" + slug;
  }

  /** Where the third party's provider sends its users back: what it registers for Roleport's client. */
  public String getRedirectUri() {
    return base() + "/auth/callback";
  }

  private static String base() {
    var request = Faces.getRequest();
    String url = request.getRequestURL().toString();
    return url.substring(0, url.length() - request.getRequestURI().length()) + request.getContextPath();
  }

  public boolean isThirdParty() {
    return thirdParty;
  }

  public boolean isCanAdminister() {
    return canAdminister;
  }

  public ProviderInfo getCurrent() {
    return current;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }
}
