package io.roleport.infrastructure.cloud.aws;

import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.domain.AuditEvent.Outcome;
import io.roleport.infrastructure.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Creates AWS SDK clients, the seam between settings and the SDK. The installation principal talks to
 * STS; every other call runs as a role session assumed for one person in one organization's account
 * (ExternalId, SourceIdentity = the person's stable subject, session tags for org and user). Sessions
 * and their clients are cached per (organization, role, person, region); the SDK's provider refreshes a
 * session shortly before it expires. Each assumption is audited. A target may instead carry a session
 * obtained with the person's own sign-in (web identity), used as it is until it expires.
 */
@ApplicationScoped
public class AwsClients {

  @Inject Settings settings;
  @Inject AuditTrail audit;
  @Inject org.eclipse.microprofile.metrics.MetricRegistry metrics;

  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  /** Role sessions per organization, role, person and region: bounded, and forgotten after an idle half hour. */
  private final Cache<SessionKey, SessionClients> sessions = Caffeine.newBuilder()
      .maximumSize(MAX_SESSIONS)
      .expireAfterAccess(SESSION_IDLE)
      .removalListener((SessionKey key, SessionClients clients, RemovalCause cause) -> {
        if (clients != null) {
          clients.close();
        }
      })
      .build();
  static final int MAX_SESSIONS = 2000;
  static final java.time.Duration SESSION_IDLE = java.time.Duration.ofMinutes(30);
  private volatile StsClient installationSts;
  private volatile StsClient anonymousSts;
  private final Map<String, SessionClients> personalSessions = new ConcurrentHashMap<>();

  record SessionKey(String org, String roleArn, String actor, String region) {}

  record SessionClients(AwsCredentialsProvider credentials, Ec2Client ec2, EksClient eks, Instant expiresAt) {
    void close() {
      ec2.close();
      eks.close();
      if (credentials instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** Registers the gauge of cached role sessions (read at each scrape). */
  @jakarta.annotation.PostConstruct
  void registerMetrics() {
    if (metrics != null) {
      metrics.gauge(org.eclipse.microprofile.metrics.Metadata.builder().withName("roleport.sts.sessions.cached")
          .withDescription("AWS role sessions held for reuse (assumed by Roleport, or from a person's sign-in)")
          .build(), this, c -> c.sessions.estimatedSize() + c.personalSessions.size());
    }
  }

  /** STS as the installation principal. */
  public StsClient installationSts() {
    if (installationSts == null) {
      synchronized (this) {
        if (installationSts == null) {
          installationSts = configure(StsClient.builder(), installationCredentials(), settings.awsRegion()).build();
        }
      }
    }
    return installationSts;
  }

  /** STS without credentials, for AssumeRoleWithWebIdentity (the person's token is the credential). */
  public StsClient anonymousSts() {
    if (anonymousSts == null) {
      synchronized (this) {
        if (anonymousSts == null) {
          anonymousSts = configure(StsClient.builder(), AnonymousCredentialsProvider.create(), settings.awsRegion())
              .build();
        }
      }
    }
    return anonymousSts;
  }

  /** STS as a given session (for GetCallerIdentity during validation). */
  public StsClient stsAs(AwsCredentialsProvider credentials) {
    return configure(StsClient.builder(), credentials, settings.awsRegion()).build();
  }

  /** IAM (global) as a given session, for validation's policy simulation; the caller closes it. */
  public IamClient iamAs(AwsCredentialsProvider credentials) {
    var builder = IamClient.builder().credentialsProvider(credentials).region(Region.AWS_GLOBAL)
        .httpClient(http);
    settings.awsEndpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
    return builder.build();
  }

  public Ec2Client ec2(CloudTarget target) {
    return session(target).ec2();
  }

  public EksClient eks(CloudTarget target) {
    return session(target).eks();
  }

  private SessionClients session(CloudTarget target) {
    if (target.session() != null) {
      return personalSession(target);
    }
    SessionKey key = new SessionKey(target.orgSlug(), target.role().value(), target.actorSubject(), target.region());
    return sessions.get(key, k -> {
      StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
          .stsClient(installationSts())
          .refreshRequest(() -> assumeRequest(target))
          .build();
      return new SessionClients(provider,
          configure(Ec2Client.builder(), provider, target.region()).build(),
          configure(EksClient.builder(), provider, target.region()).build(), Instant.MAX);
    });
  }

  /**
   * Clients for a session obtained with a person's own sign-in (web identity): it cannot be renewed without
   * them, so it is used as it is and forgotten once expired.
   */
  private SessionClients personalSession(CloudTarget target) {
    Instant now = Instant.now();
    personalSessions.values().removeIf(s -> {
      boolean expired = !now.isBefore(s.expiresAt());
      if (expired) {
        s.close();
      }
      return expired;
    });
    var credentials = target.session();
    return personalSessions.computeIfAbsent(credentials.accessKeyId() + "/" + target.region(), k -> {
      var provider = StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
          credentials.secretAccessKey(), credentials.sessionToken()));
      return new SessionClients(provider, configure(Ec2Client.builder(), provider, target.region()).build(),
          configure(EksClient.builder(), provider, target.region()).build(), credentials.expiresAt());
    });
  }

  /** The AssumeRole request for a person; called by the SDK at each (re)assumption, which is audited. */
  private AssumeRoleRequest assumeRequest(CloudTarget target) {
    if (metrics != null) {
      metrics.counter("roleport.sts.sessions.assumed").inc();
    }
    audit.standalone(target.actorSubject(), null, target.role().accountId().value(), "role.assumed", Outcome.OK,
        target.role().value() + " for org " + target.orgSlug());
    return operationRequest(target.role().value(), target.externalId().value(), target.actorSubject(),
        target.orgSlug(), settings.sessionSeconds());
  }

  /**
   * The AssumeRole request every operation makes for a person: ExternalId, SourceIdentity and session tags (so the
   * role's trust policy must allow sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession). Validation and the
   * access check send exactly this request, so a role they accept is a role operations can use.
   *
   * @param externalId the ExternalId to present, or {@code null} for none (the confused-deputy probes)
   */
  static AssumeRoleRequest operationRequest(String roleArn, String externalId, String actorSubject, String orgSlug,
      int durationSeconds) {
    String identity = SourceIdentities.of(actorSubject);
    var request = AssumeRoleRequest.builder()
        .roleArn(roleArn)
        .roleSessionName(SourceIdentities.sessionName(actorSubject))
        .sourceIdentity(identity)
        .tags(Tag.builder().key("roleport-org").value(orgSlug).build(),
            Tag.builder().key("roleport-user").value(identity).build())
        .durationSeconds(durationSeconds);
    if (externalId != null) {
      request.externalId(externalId);
    }
    return request.build();
  }

  AwsCredentialsProvider installationCredentials() {
    if (settings.awsAccessKeyId().isPresent() && settings.awsSecretAccessKey().isPresent()) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.awsAccessKeyId().get(),
          settings.awsSecretAccessKey().get()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private <B extends AwsClientBuilder<B, C>, C> B configure(B builder, AwsCredentialsProvider credentials,
      String region) {
    builder.credentialsProvider(credentials).region(Region.of(region));
    settings.awsEndpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
    if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http);
    }
    return builder;
  }

  @PreDestroy
  void close() {
    sessions.invalidateAll();
    sessions.cleanUp();
    personalSessions.values().forEach(SessionClients::close);
    if (installationSts != null) {
      installationSts.close();
    }
    if (anonymousSts != null) {
      anonymousSts.close();
    }
    http.close();
  }
}
