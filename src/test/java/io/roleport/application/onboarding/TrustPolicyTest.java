package io.roleport.application.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roleport.domain.ExternalId;
import org.junit.jupiter.api.Test;

class TrustPolicyTest {
  private static final String PRINCIPAL = "arn:aws:iam::111111111111:user/roleport";
  private static final ExternalId EXTERNAL_ID = new ExternalId("rp-9f1c2e7a4b3d5f60718293a4b5c6d7e8");

  @Test
  void theTrustPolicyLetsOnlyTheInstallationPrincipalInWithTheExternalId() throws Exception {
    JsonNode statement = new ObjectMapper().readTree(TrustPolicy.json(PRINCIPAL, EXTERNAL_ID)).get("Statement").get(0);

    assertEquals("Allow", statement.get("Effect").asText());
    assertEquals(PRINCIPAL, statement.get("Principal").get("AWS").asText());
    assertEquals(EXTERNAL_ID.value(), statement.get("Condition").get("StringEquals").get("sts:ExternalId").asText());
    assertEquals("[\"sts:AssumeRole\",\"sts:SetSourceIdentity\",\"sts:TagSession\"]", statement.get("Action").toString());
  }

  @Test
  void theTemplateCreatesBothRolesWithThatTrust() {
    String template = TrustPolicy.cloudFormation(PRINCIPAL, EXTERNAL_ID, "RoleportAutomation", "RoleportSupport");

    assertEquals(2, count(template, "\"sts:ExternalId\": \"" + EXTERNAL_ID.value() + "\""));
    assertEquals(2, count(template, "Principal: { AWS: \"" + PRINCIPAL + "\" }"));
    assertEquals(1, count(template, "RoleName: RoleportAutomation"));
    assertEquals(1, count(template, "RoleName: RoleportSupport"));
  }

  @Test
  void theWebIdentityTrustPolicyTrustsTheCorporateProviderForRoleportsAudienceOnly() throws Exception {
    JsonNode statement = new ObjectMapper().readTree(TrustPolicy.webIdentityJson("https://login.example.com/realms/corp/",
        "roleport-prod")).get("Statement").get(0);

    assertEquals("arn:aws:iam::YOUR_ACCOUNT_ID:oidc-provider/login.example.com/realms/corp",
        statement.get("Principal").get("Federated").asText());
    assertEquals(1, statement.get("Principal").size(), "Roleport's own principal is not trusted");
    assertEquals("sts:AssumeRoleWithWebIdentity", statement.get("Action").asText());
    assertEquals("roleport-prod",
        statement.get("Condition").get("StringEquals").get("login.example.com/realms/corp:aud").asText());
  }

  @Test
  void theWebIdentityTemplateRegistersTheProviderAndKeepsTheExternalIdForSupportOnly() {
    String template = TrustPolicy.webIdentityCloudFormation("https://login.example.com/realms/corp", "roleport-prod",
        PRINCIPAL, EXTERNAL_ID, "RoleportAutomation", "RoleportSupport");

    assertEquals(1, count(template, "Type: AWS::IAM::OIDCProvider"));
    assertEquals(1, count(template, "Url: \"https://login.example.com/realms/corp\""));
    assertEquals(1, count(template, "Principal: { Federated: !Ref CorporateIdentityProvider }"));
    assertEquals(1, count(template, "\"login.example.com/realms/corp:aud\": \"roleport-prod\""));
    assertEquals(1, count(template, "Principal: { AWS: \"" + PRINCIPAL + "\" }"));
    assertEquals(1, count(template, "\"sts:ExternalId\": \"" + EXTERNAL_ID.value() + "\""));
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
