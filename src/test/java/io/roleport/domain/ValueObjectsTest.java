package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ValueObjectsTest {

  @Test
  void roleArnNamesItsAccountAndRole() {
    RoleArn arn = new RoleArn("arn:aws:iam::123456789012:role/team/RoleportAutomation");

    assertEquals(new AwsAccountId("123456789012"), arn.accountId());
    assertEquals("RoleportAutomation", arn.roleName());
  }

  @Test
  void roleArnIsTrimmed() {
    assertEquals("arn:aws:iam::123456789012:role/R", new RoleArn("  arn:aws:iam::123456789012:role/R \n").value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "arn:aws:iam::12345678901:role/R", "arn:aws:iam::123456789012:user/R",
      "arn:aws:s3:::bucket", "arn:aws:iam::123456789012:role/", "arn:aws:iam::123456789012:role/bad name"})
  void malformedRoleArnsAreRefused(String value) {
    DomainException e = assertThrows(DomainException.class, () -> new RoleArn(value));
    assertEquals("aws.roleArn.invalid", e.key());
  }

  @ParameterizedTest
  @ValueSource(strings = {"12345678901", "1234567890123", "12345678901a", ""})
  void accountIdsHaveTwelveDigits(String value) {
    assertThrows(DomainException.class, () -> new AwsAccountId(value));
  }

  @Test
  void generatedExternalIdsCarry128RandomBitsAndDiffer() {
    SecureRandom random = new SecureRandom();
    ExternalId first = ExternalId.generate(random);
    ExternalId second = ExternalId.generate(random);

    assertTrue(first.value().matches("rp-[0-9a-f]{32}"), first.value());
    assertNotEquals(first, second);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rp-123", "RP-9f1c2e7a4b3d5f60718293a4b5c6d7e8", "9f1c2e7a4b3d5f60718293a4b5c6d7e8"})
  void foreignExternalIdsAreRefused(String value) {
    assertThrows(DomainException.class, () -> new ExternalId(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "-acme", "acme-", "Acme", "ac--me", "a_b"})
  void badSlugsAreRefused(String value) {
    assertThrows(DomainException.class, () -> new Slug(value));
  }

  @Test
  void goodSlugIsKept() {
    assertEquals("acme-2", new Slug("acme-2").value());
  }

  @Test
  void clusterSpecRefusesWhatRoleportDoesNotOffer() {
    ClusterName name = new ClusterName("dev-1");

    assertEquals("cluster.region.invalid",
        assertThrows(DomainException.class, () -> new ClusterSpec(name, "mars-1", "1.33", "m6i.large", 2)).key());
    assertEquals("cluster.version.invalid",
        assertThrows(DomainException.class, () -> new ClusterSpec(name, "eu-west-1", "1.2", "m6i.large", 2)).key());
    assertEquals("cluster.instanceType.invalid",
        assertThrows(DomainException.class, () -> new ClusterSpec(name, "eu-west-1", "1.33", "big", 2)).key());
    assertEquals("cluster.nodeCount.invalid",
        assertThrows(DomainException.class, () -> new ClusterSpec(name, "eu-west-1", "1.33", "m6i.large", 0)).key());
  }
}
