package io.roleport.web.orgs;

import io.roleport.application.access.CurrentOrganization;
import io.roleport.application.notifications.WebhookService;
import io.roleport.application.notifications.WebhookView;
import io.roleport.domain.DomainException;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * An organization's webhook ({@code /orgs/{slug}/webhooks}): register its URL, rotate or remove it (both confirmed),
 * the secret shown once after register and rotate, and the delivery log.
 */
@Named
@ViewScoped
public class WebhooksBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject WebhookService webhooks;
  @Inject ActiveUser user;
  @Inject CurrentOrganization current;

  private String slug;
  private String orgName;
  private boolean orgAdmin;
  private WebhookView view;
  private String url;
  /** The secret just made, shown once on this view; never stored in the bean beyond it. */
  private String newSecret;

  @PostConstruct
  void init() {
    var access = current.access();
    slug = access.organization().slug();
    orgName = access.organization().name();
    orgAdmin = access.isOrgAdmin();
    view = webhooks.view(access);
  }

  public void register() {
    try {
      var secret = webhooks.register(user.caller(), slug, url);
      newSecret = secret.secret();
      Messages.info("webhook.registered.done", secret.fingerprint());
      reload();
    } catch (DomainException e) {
      Messages.error(e.key().startsWith("webhook.url") ? "webhookForm:url" : null, e);
    }
  }

  public void rotate() {
    try {
      var secret = webhooks.rotate(user.caller(), slug);
      newSecret = secret.secret();
      Messages.info("webhook.rotated.done", secret.fingerprint());
      reload();
    } catch (DomainException e) {
      Messages.error(null, e);
    }
  }

  public void remove() {
    try {
      webhooks.remove(user.caller(), slug);
      newSecret = null;
      Messages.info("webhook.removed.done");
      reload();
    } catch (DomainException e) {
      Messages.error(null, e);
    }
  }

  /** Re-reads the registration and the log (the refresh button, and after each action). */
  public void reload() {
    view = webhooks.view(user.caller(), slug);
  }

  public String getSlug() {
    return slug;
  }

  public String getOrgName() {
    return orgName;
  }

  public boolean isOrgAdmin() {
    return orgAdmin;
  }

  public WebhookView getView() {
    return view;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getNewSecret() {
    return newSecret;
  }
}
