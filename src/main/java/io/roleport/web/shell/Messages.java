package io.roleport.web.shell;

import io.roleport.domain.DomainException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** Messages by key from {@code messages.properties}: what beans show after an action. */
public final class Messages {
  private Messages() {}

  public static String text(String key, Object... args) {
    return Texts.format(key, args);
  }

  public static void info(String key, Object... args) {
    add(null, FacesMessage.SEVERITY_INFO, key, args);
  }

  /** Shows a refused rule next to {@code clientId} (or globally when null). */
  public static void error(String clientId, DomainException e) {
    add(clientId, FacesMessage.SEVERITY_ERROR, e.key(), e.args());
  }

  public static void error(String clientId, String key, Object... args) {
    add(clientId, FacesMessage.SEVERITY_ERROR, key, args);
  }

  private static void add(String clientId, FacesMessage.Severity severity, String key, Object... args) {
    String text = text(key, args);
    FacesContext.getCurrentInstance().addMessage(clientId, new FacesMessage(severity, text, text));
  }
}
