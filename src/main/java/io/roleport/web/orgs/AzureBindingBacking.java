package io.roleport.web.orgs;

import io.roleport.application.access.CurrentOrganization;
import io.roleport.application.onboarding.AzureBindingView;
import io.roleport.application.onboarding.AzureOnboardingService;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.DomainException;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.omnifaces.util.Faces;

/**
 * The Azure part of an organization's page: the binding (tenant, subscription, client id; never a secret),
 * the secret versions by fingerprint and age, and the form that rotates the client secret.
 */
@Named
@ViewScoped
public class AzureBindingBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject AzureOnboardingService onboarding;
  @Inject OrganizationService organizations;
  @Inject ActiveUser user;
  @Inject CurrentOrganization current;

  private String slug;
  private AzureBindingView binding;
  private boolean canRotate;
  private transient String newSecret;
  private LocalDate newSecretExpiresOn;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    binding = onboarding.binding(current.access()).orElse(null);
    canRotate = binding != null && current.access().canBind();
  }

  public void rotate() {
    try {
      user.countCloudCheck();
      var version = onboarding.rotateSecret(user.caller(), slug, newSecret,
          newSecretExpiresOn == null ? null : newSecretExpiresOn.atStartOfDay().toInstant(ZoneOffset.UTC));
      Messages.info("azure.rotation.done", version.versionNo(), version.fingerprint());
      binding = onboarding.binding(user.caller(), slug).orElse(null);
      newSecretExpiresOn = null;
    } catch (DomainException e) {
      Messages.error("rotate:newSecret", e);
    } finally {
      newSecret = null;
    }
  }

  public AzureBindingView getBinding() {
    return binding;
  }

  public boolean isCanRotate() {
    return canRotate;
  }

  public String getNewSecret() {
    return null;
  }

  public void setNewSecret(String newSecret) {
    this.newSecret = newSecret;
  }

  public LocalDate getNewSecretExpiresOn() {
    return newSecretExpiresOn;
  }

  public void setNewSecretExpiresOn(LocalDate newSecretExpiresOn) {
    this.newSecretExpiresOn = newSecretExpiresOn;
  }
}
