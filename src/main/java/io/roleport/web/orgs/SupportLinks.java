package io.roleport.web.orgs;

import io.roleport.domain.SupportSession;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console links a support engineer opened in this sign-in session, by organization, so that the link stays on
 * the support page (across reloads) while its console session lasts. Kept on the server only, never in the page
 * of anyone else.
 */
@SessionScoped
public class SupportLinks implements Serializable {
  private static final long serialVersionUID = 1L;

  /** An opened console link and the session it belongs to. */
  public record Opened(String link, SupportSession session) implements Serializable {}

  private final Map<String, Opened> bySlug = new ConcurrentHashMap<>();

  void remember(String slug, String link, SupportSession session) {
    bySlug.put(slug, new Opened(link, session));
  }

  /** The link opened for {@code slug}, while its session has not ended. */
  Optional<Opened> current(String slug, Instant now) {
    Opened opened = bySlug.get(slug);
    if (opened != null && !now.isBefore(opened.session().expiresAt())) {
      bySlug.remove(slug);
      return Optional.empty();
    }
    return Optional.ofNullable(opened);
  }
}
