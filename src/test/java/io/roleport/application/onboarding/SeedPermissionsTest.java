package io.roleport.application.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo accounts of local mode and the tests are set up as the onboarding page tells customers: every seeded
 * automation role carries exactly the page's least-privilege policy (no blanket allow), every account with one has the
 * two EKS roles with the AWS managed policies, and no role gets a {@code *FullAccess} or administrator policy.
 */
class SeedPermissionsTest {

  private final JsonNode seed = read();

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(Path.of("config/simulator-seed.json").toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everySeededAutomationRoleCarriesThePagesPolicy() throws Exception {
    List<String> accounts = new ArrayList<>();
    for (JsonNode account : seed.path("accounts")) {
      for (JsonNode role : account.path("roles")) {
        if (role.path("name").asText().equals("RoleportAutomation")) {
          accounts.add(account.path("id").asText());
          assertEquals(new ObjectMapper().readTree(AwsPermissions.automationPolicyJson(account.path("id").asText())),
              role.path("inlinePolicies").path("RoleportAutomation"), account.path("id").asText());
          assertEquals(1, role.path("inlinePolicies").size());
          assertTrue(role.path("managedPolicies").isMissingNode());
        }
      }
    }
    assertEquals(List.of("333333333333", "555555555555", "666666666666", "777777777777", "888888888888",
        "999999999999", "121212121212", "131313131313", "171717171717", "181818181818"), accounts);
  }

  @Test
  void accountsWithAWorkerRoleHaveTheEksRolesAndNoRoleIsAdministrator() {
    for (JsonNode account : seed.path("accounts")) {
      List<String> names = new ArrayList<>();
      for (JsonNode role : account.path("roles")) {
        names.add(role.path("name").asText());
        assertFalse(role.path("admin").asBoolean(false), role.toString());
        for (JsonNode arn : role.path("managedPolicies")) {
          assertFalse(arn.asText().endsWith("FullAccess") || arn.asText().endsWith("AdministratorAccess"), arn.asText());
        }
        if (role.path("name").asText().equals(AwsPermissions.CLUSTER_ROLE)) {
          assertEquals(AwsPermissions.CLUSTER_ROLE_POLICIES.toString(), list(role.path("managedPolicies")).toString());
        }
        if (role.path("name").asText().equals(AwsPermissions.NODE_ROLE)) {
          assertEquals(AwsPermissions.NODE_ROLE_POLICIES.toString(), list(role.path("managedPolicies")).toString());
        }
      }
      if (names.contains("RoleportAutomation") || names.contains("RoleportWorkload")) {
        assertTrue(names.contains(AwsPermissions.CLUSTER_ROLE) && names.contains(AwsPermissions.NODE_ROLE),
            account.path("id").asText() + ": " + names);
      }
    }
  }

  /** The EKS roles' required actions in main equal the unconditional actions of the catalogue's real documents. */
  @Test
  void whatValidationAsksOfTheEksRolesIsWhatTheManagedPoliciesGrant() throws Exception {
    JsonNode catalogue = new ObjectMapper().readTree(Path.of("src/test/resources/io/roleport/sim/aws-managed-policies.json")
        .toFile());
    assertEquals(AwsPermissions.CLUSTER_ROLE_ACTIONS, unconditional(catalogue, List.of("AmazonEKSClusterPolicy")));
    assertEquals(AwsPermissions.NODE_ROLE_ACTIONS, unconditional(catalogue,
        List.of("AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy")));
  }

  private static List<String> unconditional(JsonNode catalogue, List<String> names) {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      for (JsonNode p : catalogue.path("policies")) {
        if (!p.path("name").asText().equals(name)) {
          continue;
        }
        for (JsonNode st : p.path("document").path("Statement")) {
          if (st.has("Condition") || !"*".equals(st.path("Resource").asText())) {
            continue;
          }
          for (JsonNode a : st.path("Action").isArray() ? st.path("Action") : new ObjectMapper().createArrayNode().add(st.path("Action"))) {
            if (!out.contains(a.asText())) {
              out.add(a.asText());
            }
          }
        }
      }
    }
    return out;
  }

  private static List<String> list(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
