package io.roleport.application.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.onboarding.AwsAccountProbe.ProbeResult;
import io.roleport.application.onboarding.ValidationReport.Check;
import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The confused-deputy checks fail closed: only AccessDenied proves that a role refuses a caller. */
class RefusalCheckTest {
  private static final RoleArn ROLE = new RoleArn("arn:aws:iam::444444444444:role/RoleportAutomation");
  private static final ExternalId ID = new ExternalId("rp-3c6e0b8a5d2f41e7a9b0c1d2e3f40516");

  private static Check check(ProbeResult result) {
    return AwsOnboardingService.refusal("check.externalIdRequired", result, "check.externalIdRequired.ok",
        "check.externalIdRequired.missing", ROLE, ID);
  }

  @Test
  void anAccessDeniedAnswerIsARefusal() {
    Check check = check(ProbeResult.refused("AccessDenied", "not authorized to perform sts:AssumeRole"));
    assertTrue(check.passed());
    assertEquals("check.externalIdRequired.ok", check.detailKey());
  }

  @Test
  void aRoleThatCanBeAssumedFailsWithWhatToFix() {
    Check check = check(ProbeResult.assumed("444444444444", "arn:aws:sts::444444444444:assumed-role/x/y"));
    assertFalse(check.passed());
    assertEquals("check.externalIdRequired.missing", check.detailKey());
  }

  @ParameterizedTest
  @CsvSource({"Throttling,Rate exceeded", "Unreachable,connect timed out", "InternalFailure,internal error",
      "RegionDisabledException,STS is not activated", "ExpiredToken,token expired"})
  void anyOtherAnswerIsNotARefusal(String code, String message) {
    Check check = check(ProbeResult.refused(code, message));
    assertFalse(check.passed(), code + " must not count as a refusal");
    assertEquals("check.refusal.unconfirmed", check.detailKey());
    assertEquals(code, check.args().get(1));
  }
}
