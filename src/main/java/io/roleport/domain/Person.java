package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Someone who signed in: their stable subject (what the audit trail records) and the name their identity
 * provider gave them the last time, so people can be shown by name. The subject never changes; the name
 * follows the identity provider at each sign-in.
 */
@Entity
@Table(name = "person")
public class Person implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  static final int MAX_LENGTH = 255;

  @Id
  @Column(length = MAX_LENGTH)
  private String subject;

  @Column(name = "display_name", nullable = false, length = MAX_LENGTH)
  private String displayName;

  @Column(name = "last_sign_in", nullable = false)
  private Instant lastSignIn;

  protected Person() {}

  /**
   * Someone who signed in at {@code signedInAt} under {@code displayName}; a blank name is no name, and the
   * subject stands in for it. A name longer than the column is cut, a subject that long is refused.
   */
  public Person(String subject, String displayName, Instant signedInAt) {
    if (subject == null || subject.isBlank() || subject.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a person needs a subject of 1 to " + MAX_LENGTH + " characters");
    }
    if (signedInAt == null) {
      throw new IllegalArgumentException("a person's sign-in needs a time");
    }
    String name = displayName == null || displayName.isBlank() ? subject : displayName.strip();
    this.subject = subject;
    this.displayName = name.substring(0, Math.min(name.length(), MAX_LENGTH));
    this.lastSignIn = signedInAt;
  }

  public String subject() {
    return subject;
  }

  public String displayName() {
    return displayName;
  }

  public Instant lastSignIn() {
    return lastSignIn;
  }
}
