package io.roleport.domain;

import java.util.List;

/**
 * A request broke several rules at once: each one is a {@link DomainException} with its own key and arguments, so a
 * form can name them all. The first one's key is this exception's key (for the audit's refusal).
 */
public class RulesBroken extends DomainException {
  private final transient List<DomainException> problems;

  public RulesBroken(List<DomainException> problems) {
    super(problems.get(0).key(), problems.get(0).args());
    this.problems = List.copyOf(problems);
  }

  public List<DomainException> problems() {
    return problems;
  }
}
