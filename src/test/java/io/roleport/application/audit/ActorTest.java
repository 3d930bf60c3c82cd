package io.roleport.application.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ActorTest {

  @Test
  void aKnownNameIsShownBesideTheSubject() {
    assertEquals("Alice (alice)", new Actor("alice", "Alice").label());
  }

  @Test
  void withoutANameOrWithTheSubjectAsNameOnlyTheSubjectIsShown() {
    assertEquals("tailspin:xyz", new Actor("tailspin:xyz", null).label());
    assertEquals("alice", new Actor("alice", "alice").label());
  }
}
