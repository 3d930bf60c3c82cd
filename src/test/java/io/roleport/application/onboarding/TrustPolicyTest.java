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
    // The automation role and the three access roles (people assume theirs with their own ID token), same audience.
    assertEquals(4, count(template, "Principal: { Federated: !Ref CorporateIdentityProvider }"));
    assertEquals(4, count(template, "\"login.example.com/realms/corp:aud\": \"roleport-prod\""));
    assertEquals(0, count(TrustPolicy.cloudFormation(PRINCIPAL, EXTERNAL_ID, "RoleportAutomation", "RoleportSupport"),
        "Federated"), "role mode trusts no identity provider");
    assertEquals(1, count(template, "Principal: { AWS: \"" + PRINCIPAL + "\" }"));
    assertEquals(1, count(template, "\"sts:ExternalId\": \"" + EXTERNAL_ID.value() + "\""));
  }

  @Test
  void bothTemplatesAreLeastPrivilegeAndCreateTheEksRoles() {
    for (String template : new String[] {
        TrustPolicy.cloudFormation(PRINCIPAL, EXTERNAL_ID, "RoleportAutomation", "RoleportSupport"),
        TrustPolicy.webIdentityCloudFormation("https://login.example.com/realms/corp", "roleport-prod", PRINCIPAL,
            EXTERNAL_ID, "RoleportAutomation", "RoleportSupport")}) {
      assertEquals(0, count(template, "FullAccess"), "no *FullAccess policy");
      assertEquals(1, count(template, "RoleName: RoleportEksClusterRole"));
      assertEquals(1, count(template, "RoleName: RoleportEksNodeRole"));
      assertEquals(1, count(template, "Principal: { Service: \"eks.amazonaws.com\" }"));
      assertEquals(1, count(template, "Principal: { Service: \"ec2.amazonaws.com\" }"));
      assertEquals(1, count(template, "- arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"), "only on the cluster role");
      assertEquals(1, count(template, "- arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"));
      assertEquals(1, count(template, "- arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"));
      assertEquals(1, count(template, "- arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"));
      assertEquals(1, count(template, "Action: [\"iam:PassRole\"]"));
      assertEquals(1, count(template, "Resource: [!Sub \"arn:aws:iam::${AWS::AccountId}:role/RoleportEksClusterRole\", "
          + "!Sub \"arn:aws:iam::${AWS::AccountId}:role/RoleportEksNodeRole\"]"), "PassRole only on the two EKS roles");
      assertEquals(1, count(template, "\"iam:PassedToService\": [\"eks.amazonaws.com\", \"ec2.amazonaws.com\"]"));
    }
  }

  @Test
  void thePermissionsPolicyGrantsNoWildcardActionAndPassesNoOtherRole() throws Exception {
    JsonNode policy = new ObjectMapper().readTree(AwsPermissions.automationPolicyJson("123456789012"));
    for (JsonNode statement : policy.get("Statement")) {
      for (JsonNode action : statement.get("Action")) {
        assertEquals(-1, action.asText().indexOf('*'), action.asText());
      }
      if (statement.get("Action").toString().contains("iam:PassRole")) {
        assertEquals("[\"arn:aws:iam::123456789012:role/RoleportEksClusterRole\","
            + "\"arn:aws:iam::123456789012:role/RoleportEksNodeRole\"]", statement.get("Resource").toString());
      }
    }
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
