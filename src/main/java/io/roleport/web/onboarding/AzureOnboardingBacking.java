package io.roleport.web.onboarding;

import io.roleport.application.onboarding.AzureInstructions;
import io.roleport.application.onboarding.AzureOnboardingService;
import io.roleport.application.onboarding.ValidationReport;
import io.roleport.application.onboarding.ValidationReport.Check;
import io.roleport.application.organizations.OrgOverview;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.AzureAuthMode;
import io.roleport.domain.DomainException;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import org.omnifaces.util.Faces;

/**
 * The Azure onboarding wizard: shows the {@code az} commands that prepare the subscription, validates the
 * service principal live and binds it after a confirmation that says the binding can never change. The
 * client secret is held only for this view and never rendered back into the page.
 */
@Named
@ViewScoped
public class AzureOnboardingBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject AzureOnboardingService onboarding;
  @Inject OrganizationService organizations;
  @Inject ActiveUser user;

  private String slug;
  private String confirmSlug;
  private AzureInstructions instructions;
  private String accountName;
  private boolean bound;
  private boolean canBind;
  private AzureAuthMode mode = AzureAuthMode.SECRET;
  private String tenantId;
  private String subscriptionId;
  private String clientId;
  private transient String clientSecret;
  private LocalDate secretExpiresOn;
  private ValidationReport report;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    OrgOverview overview = organizations.overview(user.caller(), slug);
    accountName = overview.organization().name();
    bound = overview.organization().isBound();
    canBind = overview.canBind();
    instructions = onboarding.instructions(user.caller(), slug);
  }

  public void validate() {
    try {
      user.countCloudCheck();
      report = onboarding.validate(user.caller(), slug, mode, tenantId, subscriptionId, clientId, clientSecret);
    } catch (DomainException e) {
      Messages.error(null, e);
    }
  }

  public void bind() {
    String typed = confirmSlug == null ? "" : confirmSlug.strip();
    confirmSlug = null;
    if (!typed.equals(slug)) {
      Messages.error(null, "onboarding.confirm.mismatch", slug);
      return;
    }
    try {
      user.countCloudCheck();
      var binding = onboarding.bind(user.caller(), slug, mode, tenantId, subscriptionId, clientId, clientSecret,
          expiresOn(secretExpiresOn));
      clientSecret = null;
      Faces.getFlash().setKeepMessages(true);
      Messages.info("azure.binding.done", binding.subscriptionId().value());
      Faces.redirect(Faces.getRequestContextPath() + "/orgs/" + slug);
    } catch (DomainException e) {
      if ("binding.validationFailed".equals(e.key())) {
        report = onboarding.validate(user.caller(), slug, mode, tenantId, subscriptionId, clientId, clientSecret);
      }
      Messages.error(null, e);
    }
  }

  static Instant expiresOn(LocalDate date) {
    return date == null ? null : date.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** A check's detail in words. */
  public String detail(Check check) {
    return Messages.text(check.detailKey(), check.args().toArray());
  }

  public boolean isReadyToBind() {
    return report != null && report.passed() && (isFederated() || clientSecret != null);
  }

  /** How Roleport will sign in as the service principal: {@code SECRET} or {@code FEDERATED}. */
  public String getMode() {
    return mode.name();
  }

  public void setMode(String mode) {
    AzureAuthMode chosen = "FEDERATED".equals(mode) ? AzureAuthMode.FEDERATED : AzureAuthMode.SECRET;
    if (chosen != this.mode) {
      report = null;
    }
    this.mode = chosen;
  }

  public boolean isFederated() {
    return mode == AzureAuthMode.FEDERATED;
  }

  public AzureInstructions getInstructions() {
    return instructions;
  }

  public String getSlug() {
    return slug;
  }

  public String getAccountName() {
    return accountName;
  }

  public boolean isBound() {
    return bound;
  }

  public boolean isCanBind() {
    return canBind;
  }

  public ValidationReport getReport() {
    return report;
  }

  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = changed(this.tenantId, tenantId);
  }

  public String getSubscriptionId() {
    return subscriptionId;
  }

  public void setSubscriptionId(String subscriptionId) {
    this.subscriptionId = changed(this.subscriptionId, subscriptionId);
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = changed(this.clientId, clientId);
  }

  /** Never shown back: the password field always renders empty. */
  public String getClientSecret() {
    return null;
  }

  /** An empty submission keeps the secret entered before (the field never shows it). */
  public void setClientSecret(String clientSecret) {
    if (clientSecret != null && !clientSecret.isEmpty()) {
      if (!clientSecret.equals(this.clientSecret)) {
        report = null;
      }
      this.clientSecret = clientSecret;
    }
  }

  public boolean isSecretEntered() {
    return clientSecret != null;
  }

  public LocalDate getSecretExpiresOn() {
    return secretExpiresOn;
  }

  public void setSecretExpiresOn(LocalDate secretExpiresOn) {
    this.secretExpiresOn = secretExpiresOn;
  }

  private String changed(String old, String value) {
    String v = value == null ? null : value.strip();
    if (!Objects.equals(v, old)) {
      report = null;
    }
    return v;
  }

  /** What the person typed to confirm the binding: it must be the organization's URL name. */
  public String getConfirmSlug() {
    return confirmSlug;
  }

  public void setConfirmSlug(String confirmSlug) {
    this.confirmSlug = confirmSlug;
  }
}
