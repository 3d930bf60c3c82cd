package io.roleport.web.orgs;

import io.roleport.application.support.SupportAccessService;
import io.roleport.domain.DomainException;
import io.roleport.domain.SupportSession;
import io.roleport.web.routing.Route;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.omnifaces.util.Faces;

/** Support access to one organization's account: open a session (support staff), see past ones. */
@Named
@ViewScoped
public class SupportBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject SupportAccessService support;
  @Inject ActiveUser user;
  @Inject SupportLinks links;

  private String slug;
  private List<SupportSession> sessions;
  private String reason;
  private int minutes = 30;
  private String link;
  private SupportSession opened;
  private boolean hasSupportRole;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    sessions = support.recent(user.caller(), slug);
    hasSupportRole = support.hasSupportRole(user.caller(), slug);
    links.current(slug, java.time.Instant.now()).ifPresent(o -> {
      link = o.link();
      opened = o.session();
    });
  }

  /**
   * Checks the form before the confirmation is shown (the reason's rule); the page shows the confirmation only
   * when nothing failed here.
   */
  public void check() {
    try {
      SupportSession.requireReason(reason);
    } catch (DomainException e) {
      Messages.error("openSupport:reason", e);
      Faces.validationFailed();
    }
  }

  public void open() {
    try {
      var result = support.open(user.caller(), slug, reason, minutes);
      link = result.url().toString();
      opened = result.session();
      links.remember(slug, link, opened);
      sessions = support.recent(user.caller(), slug);
      Messages.info("support.opened", opened.accountId(), opened.expiresAt());
    } catch (DomainException e) {
      Messages.error(e.key().startsWith("support.reason") ? "openSupport:reason"
          : e.key().startsWith("support.length") ? "openSupport:minutes" : null, e);
    }
  }

  public boolean isSupport() {
    return user.caller().support();
  }

  /** Whether a session can be opened at all: the organization has its own account (with a support role). */
  public boolean isHasSupportRole() {
    return hasSupportRole;
  }

  public List<Integer> getLengths() {
    return List.of(15, 30, 45, 60);
  }

  public String getSlug() {
    return slug;
  }

  public List<SupportSession> getSessions() {
    return sessions;
  }

  public String getLink() {
    return link;
  }

  public SupportSession getOpened() {
    return opened;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public int getMinutes() {
    return minutes;
  }

  public void setMinutes(int minutes) {
    this.minutes = minutes;
  }
}
