package io.roleport.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.access.Limits;
import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.WorkerSwitch;
import io.roleport.application.organizations.OrganizationService;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.DomainException;
import io.roleport.domain.OrganizationRepository;
import io.roleport.testenv.Deployments;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #11, item 11: quotas and rate limits, in the deployed application with the limits the test environment
 * configures (read back here, so each test goes exactly one past its limit). Each refusal names its limit.
 */
@ExtendWith(ArquillianExtension.class)
class LimitsIT {

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(LimitsIT.class);
  }

  @Inject Limits limits;
  @Inject InstallationProfile installation;
  @Inject OrganizationService organizationService;
  @Inject OrganizationRepository organizations;
  @Inject ClusterService clusters;
  @Inject WorkerSwitch worker;

  @Test
  void signInsAreLimitedPerAddressAndPerPersonAndTheRefusalSaysHowLongToWait() {
    InstallationProfile.Limits configured = installation.limits();
    assertLimited(configured.signInsPerMinutePerAddress(), "limit.signIn.address",
        limits::signInFrom, "203.0.113.10", "203.0.113.11");
    assertLimited(configured.signInsPerMinutePerPerson(), "limit.signIn.person",
        limits::signInOf, "it-limited-person", "it-other-person");
  }

  @Test
  void cloudChecksAreLimitedPerPersonAndPerAddress() {
    InstallationProfile.Limits configured = installation.limits();
    Caller checker = caller("it-checker", "zchecker-leads");
    int[] address = {0};
    // one person from ever new addresses: the person's limit
    assertLimited(configured.validationsPerMinutePerPerson(), "limit.validation.person",
        person -> limits.validation(caller(person, "zchecker-leads"), "198.51.100." + address[0]++ % 250),
        checker.subject(), "it-another-checker");
    // ever new people from one address: the address's limit
    int[] person = {0};
    assertLimited(configured.validationsPerMinutePerAddress(), "limit.validation.address",
        ip -> limits.validation(caller("it-crowd-" + person[0]++, "zchecker-leads"), ip),
        "192.0.2.77", "192.0.2.78");
  }

  @Test
  void aPersonCreatesAtMostTheirDailyQuotaOfOrganizations() {
    int quota = installation.limits().organizationsPerPersonPerDay();
    Caller maker = caller("it-maker", "zmaker-leads");
    for (int i = 0; i < quota; i++) {
      organizationService.create(maker, "Maker " + i, "zmaker-" + i, "zmaker-leads");
    }

    DomainException refused = assertThrows(DomainException.class,
        () -> organizationService.create(maker, "Maker over", "zmaker-over", "zmaker-leads"));

    assertEquals("quota.organizationsPerDay", refused.key());
    assertEquals(quota, refused.args()[0]);
    assertFalse(organizations.slugTaken("zmaker-over"), "nothing was created");
    organizationService.create(caller("it-other-maker", "zmaker2-leads"), "Other", "zmaker2", "zmaker2-leads");
  }

  @Test
  void anOrganizationKeepsAtMostItsQuotaOfClustersInTheSharedDefaultAccount() {
    int quota = installation.limits().defaultAccountClustersPerOrganization();
    Caller lead = caller("it-quota-lead", "zquota-leads");
    organizationService.create(lead, "Quota", "zquota", "zquota-leads");
    worker.pause(); // the rows are what counts; the clusters need not be built for it
    try {
      for (int i = 0; i < quota; i++) {
        clusters.create(lead, "zquota", spec("q-" + i));
      }

      DomainException refused = assertThrows(DomainException.class,
          () -> clusters.create(lead, "zquota", spec("q-over")));

      assertEquals("quota.defaultAccountClusters", refused.key());
      assertEquals(quota, refused.args()[0]);
      assertEquals(quota, clusters.page(lead, "zquota", 0, quota + 5).size(), "nothing was created");
    } finally {
      worker.resume();
    }
  }

  /** {@code limit} attempts for {@code key} pass, the next is refused; another key still passes. */
  private static void assertLimited(int limit, String refusal, Consumer<String> attempt, String key,
      String otherKey) {
    for (int i = 0; i < limit; i++) {
      attempt.accept(key);
    }
    DomainException refused = assertThrows(DomainException.class, () -> attempt.accept(key));
    assertEquals(refusal, refused.key());
    assertEquals(limit, refused.args()[0]);
    long wait = ((Number) refused.args()[1]).longValue();
    assertTrue(wait >= 1 && wait <= 60, "seconds to wait: " + wait);
    attempt.accept(otherKey);
  }

  private static Caller caller(String subject, String group) {
    return new Caller(subject, subject, Set.of(group), false, false);
  }

  private static ClusterSpec spec(String name) {
    return new ClusterSpec(new ClusterName(name), "eu-west-1", "1.33", "m6i.large", 2);
  }
}
