package io.roleport.web.onboarding;

import io.roleport.application.onboarding.AwsInstructions;
import io.roleport.application.onboarding.AwsOnboardingService;
import io.roleport.application.onboarding.ValidationReport;
import io.roleport.application.onboarding.ValidationReport.Check;
import io.roleport.application.organizations.OrgOverview;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.AwsFederation;
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

/**
 * The AWS onboarding wizard: the way Roleport acts in the account (role assumption or the person's own
 * sign-in), what to set up there for it, live validation of the two role ARNs and the binding after a
 * confirmation that says it can never change.
 */
@Named
@ViewScoped
public class AwsOnboardingBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject AwsOnboardingService onboarding;
  @Inject OrganizationService organizations;
  @Inject ActiveUser user;

  private String slug;
  private String confirmSlug;
  private AwsInstructions instructions;
  private String accountName;
  private boolean bound;
  private boolean canBind;
  private String automationArn;
  private String supportArn;
  private ValidationReport report;
  private AwsFederation federation = AwsFederation.ROLE_ASSUMPTION;

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
      report = onboarding.validate(user.caller(), slug, automationArn, supportArn, federation);
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
      var binding = onboarding.bind(user.caller(), slug, automationArn, supportArn, federation);
      Faces.getFlash().setKeepMessages(true);
      Messages.info("binding.done", binding.accountId().value());
      Faces.redirect(Faces.getRequestContextPath() + "/orgs/" + slug);
    } catch (DomainException e) {
      if ("binding.validationFailed".equals(e.key())) {
        report = onboarding.validate(user.caller(), slug, automationArn, supportArn, federation);
      }
      Messages.error(null, e);
    }
  }

  /** A check's detail in words. */
  public String detail(Check check) {
    return Messages.text(check.detailKey(), check.args().toArray());
  }

  public boolean isReadyToBind() {
    return report != null && report.passed();
  }

  public AwsInstructions getInstructions() {
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

  public AwsFederation getFederation() {
    return federation;
  }

  /** Choosing another way of acting in the account invalidates an earlier validation. */
  public void setFederation(AwsFederation federation) {
    AwsFederation value = federation == null ? AwsFederation.ROLE_ASSUMPTION : federation;
    if (value != this.federation) {
      report = null;
    }
    this.federation = value;
  }

  public boolean isWebIdentity() {
    return federation == AwsFederation.WEB_IDENTITY;
  }

  public AwsFederation[] getFederations() {
    return AwsFederation.values();
  }

  public String getAutomationArn() {
    return automationArn;
  }

  public void setAutomationArn(String automationArn) {
    String value = automationArn == null ? null : automationArn.strip();
    if (!java.util.Objects.equals(value, this.automationArn)) {
      report = null;
    }
    this.automationArn = value;
  }

  public String getSupportArn() {
    return supportArn;
  }

  public void setSupportArn(String supportArn) {
    String value = supportArn == null ? null : supportArn.strip();
    if (!java.util.Objects.equals(value, this.supportArn)) {
      report = null;
    }
    this.supportArn = value;
  }

  /** What the person typed to confirm the binding: it must be the organization's URL name. */
  public String getConfirmSlug() {
    return confirmSlug;
  }

  public void setConfirmSlug(String confirmSlug) {
    this.confirmSlug = confirmSlug;
  }
}
