package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void aPersonKeepsTheNameTheIdentityProviderGave() {
    Person alice = new Person("alice", " Alice Liddell ", NOW);

    assertEquals("alice", alice.subject());
    assertEquals("Alice Liddell", alice.displayName());
    assertEquals(NOW, alice.lastSignIn());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void withoutANameTheSubjectStandsIn(String name) {
    assertEquals("tailspin:xyz", new Person("tailspin:xyz", name, NOW).displayName());
    assertEquals("tailspin:xyz", new Person("tailspin:xyz", null, NOW).displayName());
  }

  @Test
  void aLongNameIsCutToTheColumnAndALongSubjectIsRefused() {
    assertEquals(255, new Person("bob", "B".repeat(300), NOW).displayName().length());
    assertThrows(IllegalArgumentException.class, () -> new Person("s".repeat(256), "S", NOW));
    assertThrows(IllegalArgumentException.class, () -> new Person(" ", "S", NOW));
    assertThrows(IllegalArgumentException.class, () -> new Person("bob", "Bob", null));
  }
}
