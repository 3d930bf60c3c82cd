package io.roleport.application.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.roleport.application.InstallationProfile;
import io.roleport.domain.AuditEvent.Outcome;
import io.roleport.domain.AuditLog;
import io.roleport.domain.ClusterRepository;
import io.roleport.domain.DomainException;
import io.roleport.domain.Organization;
import io.roleport.domain.PlacementKind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/**
 * The installation's quotas and rate limits, each refusal a {@link DomainException} that says which limit and
 * when to try again:
 * <ul>
 *   <li>sign-in attempts per network address and per person, and validation attempts (which call the customer's
 *       cloud as Roleport) per person and per address, per minute (Resilience4j rate limiters, one per key, kept in
 *       memory per instance: a limit applies per instance);</li>
 *   <li>organizations a person creates in a day (counted in the audit log, so across instances);</li>
 *   <li>live clusters an organization keeps in the installation's shared default account.</li>
 * </ul>
 */
@ApplicationScoped
public class Limits {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Inject InstallationProfile profile;
  @Inject AuditLog audit;
  @Inject ClusterRepository clusters;
  @Inject Clock clock;

  private KeyedLimiter signInsPerAddress;
  private KeyedLimiter signInsPerPerson;
  private KeyedLimiter validationsPerPerson;
  private KeyedLimiter validationsPerAddress;

  @PostConstruct
  void init() {
    InstallationProfile.Limits limits = profile.limits();
    signInsPerAddress = new KeyedLimiter(limits.signInsPerMinutePerAddress());
    signInsPerPerson = new KeyedLimiter(limits.signInsPerMinutePerPerson());
    validationsPerPerson = new KeyedLimiter(limits.validationsPerMinutePerPerson());
    validationsPerAddress = new KeyedLimiter(limits.validationsPerMinutePerAddress());
  }

  /** A sign-in starting, or answered by the identity provider, from {@code address}. */
  public void signInFrom(String address) {
    signInsPerAddress.acquire(address, "limit.signIn.address");
  }

  /** A sign-in of {@code subject} completing. */
  public void signInOf(String subject) {
    signInsPerPerson.acquire(subject, "limit.signIn.person");
  }

  /** A validation (or access check) that calls a customer's cloud, by {@code caller} from {@code address}. */
  public void validation(Caller caller, String address) {
    validationsPerPerson.acquire(caller.subject(), "limit.validation.person");
    validationsPerAddress.acquire(address, "limit.validation.address");
  }

  /** {@code caller} may create one more organization today (a rolling 24 hours). */
  public void organizationCreation(Caller caller) {
    int quota = profile.limits().organizationsPerPersonPerDay();
    long created = audit.countSince(caller.subject(), "org.created", Outcome.OK, clock.instant().minus(Duration.ofDays(1)));
    if (created >= quota) {
      throw new DomainException("quota.organizationsPerDay", quota);
    }
  }

  /**
   * {@code org} may keep one more live cluster in the installation's default account. The caller holds the
   * organization's row lock, so two requests at once cannot both take the last place.
   */
  public void defaultAccountCluster(Organization org) {
    int quota = profile.limits().defaultAccountClustersPerOrganization();
    if (clusters.countLive(org, PlacementKind.DEFAULT_ACCOUNT) >= quota) {
      throw new DomainException("quota.defaultAccountClusters", quota, org.slug());
    }
  }

  /** One rate limiter per key (person, address), forgotten after ten idle minutes. */
  private static final class KeyedLimiter {
    private final int perMinute;
    private final RateLimiterConfig config;
    private final Cache<String, RateLimiter> limiters = Caffeine.newBuilder()
        .maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

    KeyedLimiter(int perMinute) {
      this.perMinute = perMinute;
      this.config = RateLimiterConfig.custom().limitForPeriod(perMinute).limitRefreshPeriod(MINUTE)
          .timeoutDuration(Duration.ZERO).build();
    }

    void acquire(String key, String refusal) {
      RateLimiter limiter = limiters.get(key == null ? "" : key, k -> RateLimiter.of("limit", config));
      if (!limiter.acquirePermission()) {
        long nanos = limiter instanceof AtomicRateLimiter atomic ? atomic.getDetailedMetrics().getNanosToWait()
            : MINUTE.toNanos();
        long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        throw new DomainException(refusal, perMinute, seconds);
      }
    }
  }
}
