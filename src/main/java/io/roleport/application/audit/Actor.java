package io.roleport.application.audit;

/**
 * Who an audit event names: the stable subject it recorded, and the person's display name when they ever
 * signed in ({@code null} otherwise). Views show {@link #label()}; exports keep both apart.
 */
public record Actor(String subject, String displayName) implements java.io.Serializable {

  /** "Alice (alice)"; just the subject when no name is known or the name is the subject itself. */
  public String label() {
    return displayName == null || displayName.equals(subject) ? subject : displayName + " (" + subject + ")";
  }
}
