package io.roleport.web.orgs;

import io.roleport.application.access.CurrentOrganization;
import io.roleport.application.organizations.MoveService;
import io.roleport.application.organizations.OrgLifecycleService;
import io.roleport.domain.Cluster;
import io.roleport.domain.DomainException;
import io.roleport.domain.IsvRequest;
import io.roleport.domain.OrgKind;
import io.roleport.domain.Organization;
import io.roleport.web.shell.ActiveUser;
import io.roleport.web.shell.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.omnifaces.util.Faces;

/**
 * Issue #15 on the organization page: rename, archive, the ISV request (and the operators' decision), an ISV's rule for
 * its third parties' accounts, and the move to a new organization with the clusters to recreate there. Each action is
 * one service call; the services check who may and refuse everything in an archived organization.
 */
@Named
@ViewScoped
public class OrgLifecycleBacking implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject OrgLifecycleService lifecycle;
  @Inject MoveService moves;
  @Inject CurrentOrganization current;
  @Inject ActiveUser user;

  private String slug;
  private String name;
  private OrgKind kind;
  private boolean archived;
  private Instant archivedAt;
  private boolean orgAdmin;
  private boolean thirdPartiesMustBind;
  private boolean hasParent;
  private IsvRequest pending;
  private Organization movedFrom;
  private Organization replacedBy;
  private List<MoveService.Candidate> candidates;

  private String newName;
  private String archiveConfirm;
  private String reason;
  private String note;
  private String moveName;
  private String moveSlug;

  @PostConstruct
  void init() {
    var access = current.access();
    Organization org = access.organization();
    slug = org.slug();
    name = org.name();
    newName = name;
    kind = org.kind();
    archived = org.isArchived();
    archivedAt = org.archivedAt().orElse(null);
    orgAdmin = access.isOrgAdmin();
    thirdPartiesMustBind = org.thirdPartiesMustBind();
    hasParent = org.parent().isPresent();
    pending = lifecycle.pendingRequest(access).orElse(null);
    movedFrom = moves.movedFrom(access).orElse(null);
    replacedBy = org.replacedBy().orElse(null);
    candidates = movedFrom == null ? List.of() : moves.candidates(access);
  }

  public void rename() {
    try {
      Organization.requireValidName(newName);
      Organization org = lifecycle.rename(user.caller(), slug, newName);
      Messages.info("org.renamed", org.name());
      reload();
    } catch (DomainException e) {
      Messages.error("rename:newName", e);
    }
  }

  public void archive() {
    try {
      lifecycle.archive(user.caller(), slug, archiveConfirm);
      Messages.info("org.archived.done", slug);
      reload();
    } catch (DomainException e) {
      Messages.error(null, e); // the dialog closes: the page's messages say why nothing was archived
    }
  }

  public void requestIsv() {
    try {
      lifecycle.requestIsv(user.caller(), slug, reason);
      Messages.info("isv.request.sent", slug);
      reload();
    } catch (DomainException e) {
      Messages.error("isvRequestForm:reason", e);
    }
  }

  public void decide(boolean approve) {
    try {
      lifecycle.decide(user.caller(), pending.id(), approve, note);
      Messages.info(approve ? "isv.request.approvedDone" : "isv.request.declinedDone", slug);
      reload();
    } catch (DomainException e) {
      Messages.error("isvDecision:note", e);
    }
  }

  public void makeIsv() {
    setKind(OrgKind.ISV);
  }

  public void makeTeam() {
    setKind(OrgKind.TEAM);
  }

  private void setKind(OrgKind target) {
    try {
      lifecycle.setKind(user.caller(), slug, target);
      Messages.info("org.kind.changed", slug, Messages.text("org.kind." + target));
      reload();
    } catch (DomainException e) {
      Messages.error(null, e);
    }
  }

  public void saveBindingRule() {
    try {
      lifecycle.requireThirdPartiesToBind(user.caller(), slug, thirdPartiesMustBind);
      Messages.info(thirdPartiesMustBind ? "isv.bindingRule.required" : "isv.bindingRule.optional");
      reload();
    } catch (DomainException e) {
      Messages.error(null, e);
    }
  }

  public void startMove() {
    List<DomainException> refused = new ArrayList<>();
    try {
      Organization.requireValidName(moveName);
    } catch (DomainException e) {
      refused.add(e);
    }
    try {
      new io.roleport.domain.Slug(moveSlug == null ? "" : moveSlug.strip());
    } catch (DomainException e) {
      refused.add(e);
    }
    if (!refused.isEmpty()) {
      refused.forEach(e -> Messages.error(moveField(e), e));
      return;
    }
    try {
      Organization moved = moves.start(user.caller(), slug, moveName, moveSlug);
      Faces.getFlash().setKeepMessages(true);
      Messages.info("org.move.created", moved.name(), slug);
      boolean azure = current.access().organization().azureBinding().isPresent();
      Faces.redirect(Faces.getRequestContextPath() + "/orgs/" + moved.slug() + "/onboarding/" + (azure ? "azure" : "aws"));
    } catch (DomainException e) {
      Messages.error(moveField(e), e);
    }
  }

  private static String moveField(DomainException e) {
    return e.key().startsWith("org.slug") ? "move:moveSlug" : e.key().startsWith("org.name") ? "move:moveName" : null;
  }

  public void recreate(Cluster source) {
    try {
      Cluster created = moves.recreate(user.caller(), slug, source.id());
      Messages.info("org.move.recreated", created.name(), created.placementAccount().value());
      reload();
    } catch (DomainException e) {
      Messages.error(null, e);
    }
  }

  private void reload() {
    Faces.getFlash().setKeepMessages(true);
    Faces.redirect(Faces.getRequestContextPath() + "/orgs/" + slug);
  }

  public boolean isCanChange() {
    return orgAdmin && !archived;
  }

  public boolean isOperator() {
    return user.isPlatformAdmin();
  }

  public boolean isCanRequestIsv() {
    return orgAdmin && !archived && kind == OrgKind.TEAM && pending == null;
  }

  public boolean isCanMove() {
    return orgAdmin && !archived && kind != OrgKind.ISV && replacedBy == null;
  }

  public String getSlug() {
    return slug;
  }

  public String getName() {
    return name;
  }

  public OrgKind getKind() {
    return kind;
  }

  public boolean isIsv() {
    return kind == OrgKind.ISV;
  }

  public boolean isTeam() {
    return kind == OrgKind.TEAM;
  }

  public boolean isHasParent() {
    return hasParent;
  }

  public boolean isArchived() {
    return archived;
  }

  public Instant getArchivedAt() {
    return archivedAt;
  }

  public IsvRequest getPending() {
    return pending;
  }

  public Organization getMovedFrom() {
    return movedFrom;
  }

  public Organization getReplacedBy() {
    return replacedBy;
  }

  public List<MoveService.Candidate> getCandidates() {
    return candidates;
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  public String getArchiveConfirm() {
    return archiveConfirm;
  }

  public void setArchiveConfirm(String archiveConfirm) {
    this.archiveConfirm = archiveConfirm;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getNote() {
    return note;
  }

  public void setNote(String note) {
    this.note = note;
  }

  public String getMoveName() {
    return moveName;
  }

  public void setMoveName(String moveName) {
    this.moveName = moveName;
  }

  public String getMoveSlug() {
    return moveSlug;
  }

  public void setMoveSlug(String moveSlug) {
    this.moveSlug = moveSlug;
  }

  public boolean isThirdPartiesMustBind() {
    return thirdPartiesMustBind;
  }

  public void setThirdPartiesMustBind(boolean thirdPartiesMustBind) {
    this.thirdPartiesMustBind = thirdPartiesMustBind;
  }
}
