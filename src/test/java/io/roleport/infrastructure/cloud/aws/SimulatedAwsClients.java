package io.roleport.infrastructure.cloud.aws;

import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.AuditEvent.Outcome;
import io.roleport.infrastructure.config.Settings;
import java.net.URI;
import java.util.Optional;

/**
 * Roleport's own AWS adapters ({@link AwsClients}, {@link AwsCloudProvider}, {@link IamPermissionProbe}) outside the
 * container, pointed at a running cloud simulator as the installation principal of the seed, for tests that run
 * the worker's and validation's real calls without Payara. Role assumptions are counted instead of audited.
 */
public final class SimulatedAwsClients {

  private SimulatedAwsClients() {}

  public static AwsClients clients(URI endpoint) {
    AwsClients clients = new AwsClients();
    clients.settings = new Settings() {
      @Override
      public Optional<String> awsEndpoint() {
        return Optional.of(endpoint.toString());
      }

      @Override
      public String awsRegion() {
        return "eu-west-1";
      }

      @Override
      public Optional<String> awsAccessKeyId() {
        return Optional.of("AKIAROLEPORTLOCAL001");
      }

      @Override
      public Optional<String> awsSecretAccessKey() {
        return Optional.of("roleport-local-secret-not-for-production");
      }

      @Override
      public int sessionSeconds() {
        return 900;
      }
    };
    clients.audit = new AuditTrail() {
      @Override
      public void standalone(String actor, Long orgId, String accountId, String action, Outcome outcome,
          String detail) {
        // outside the container: nothing to audit into
      }
    };
    return clients;
  }

  public static AwsCloudProvider provider(AwsClients clients) {
    AwsCloudProvider provider = new AwsCloudProvider();
    provider.clients = clients;
    return provider;
  }

  public static IamPermissionProbe permissionProbe(AwsClients clients) {
    IamPermissionProbe probe = new IamPermissionProbe();
    probe.clients = clients;
    return probe;
  }

  /** Roleport's AssumeRoleWithWebIdentity adapter (a person's own ID token, unsigned STS call). */
  public static StsWebIdentitySessions webIdentitySessions(AwsClients clients) {
    StsWebIdentitySessions sessions = new StsWebIdentitySessions();
    sessions.clients = clients;
    sessions.settings = clients.settings;
    return sessions;
  }
}
