package io.roleport.application.onboarding;

import java.util.List;

/**
 * The result of validating a proposed AWS binding: one line per check, each with what was found and, when
 * it failed, how to fix it. Message keys, not text, so the page shows them in the user's language.
 */
public record ValidationReport(List<Check> checks) implements java.io.Serializable {
  public ValidationReport {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  /** One check: its name key, whether it passed, and the detail key with its arguments. */
  public record Check(String nameKey, boolean passed, String detailKey, List<String> args)
      implements java.io.Serializable {
    public Check {
      args = List.copyOf(args);
    }
  }
}
