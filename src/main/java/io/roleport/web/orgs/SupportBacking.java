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

  private String slug;
  private List<SupportSession> sessions;
  private String reason;
  private int minutes = 30;
  private String link;
  private SupportSession opened;

  @PostConstruct
  void init() {
    slug = Faces.getRequestAttribute(Route.SLUG);
    sessions = support.recent(user.caller(), slug);
  }

  public void open() {
    try {
      var result = support.open(user.caller(), slug, reason, minutes);
      link = result.url().toString();
      opened = result.session();
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
