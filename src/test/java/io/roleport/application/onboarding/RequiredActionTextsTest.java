package io.roleport.application.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/**
 * Every call validation simulates says why Roleport needs it through a message key, never raw text: a why that is not
 * a key of messages.properties would make a refused bind fail on a missing resource (it happened once, with the
 * access-entry whys). Each text must also read as a sentence once its role names are filled in.
 */
class RequiredActionTextsTest {

  @Test
  void everyRequiredCallsWhyIsAMessageKeyWithAText() {
    ResourceBundle texts = ResourceBundle.getBundle("messages", Locale.ROOT);
    List<AwsPermissions.RequiredAction> required = AwsPermissions.requiredActions("eu-west-1");
    assertTrue(required.size() > 50, "validation simulates every call the worker makes: " + required.size());
    List<String> missing = required.stream().map(AwsPermissions.RequiredAction::why)
        .filter(why -> !why.startsWith("aws.why.") || !texts.containsKey(why)).toList();
    assertEquals(List.of(), missing, "whys that are not message keys (aws.why.*) of messages.properties");
    for (AwsPermissions.RequiredAction action : required) {
      String text = AwsOnboardingService.text(action.why(), AwsPermissions.CLUSTER_ROLE, AwsPermissions.NODE_ROLE);
      assertTrue(!text.isBlank() && !text.contains("{"), action.action() + ": " + text);
    }
  }
}
