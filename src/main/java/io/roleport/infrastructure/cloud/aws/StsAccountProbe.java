package io.roleport.infrastructure.cloud.aws;

import io.roleport.application.onboarding.AwsAccountProbe;
import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Validates a proposed binding with real STS calls: AssumeRole as the installation principal, exactly as operations
 * call it (SourceIdentity and session tags, with the ExternalId, a wrong one or none), then GetCallerIdentity with the
 * session to learn which account we reached. Short sessions (15 minutes), nothing cached.
 */
@ApplicationScoped
public class StsAccountProbe implements AwsAccountProbe {

  @Inject AwsClients clients;

  @Override
  public ProbeResult probe(RoleArn role, ExternalId externalId, String actorSubject, String orgSlug) {
    return probe(role, externalId == null ? null : externalId.value(), actorSubject, orgSlug);
  }

  @Override
  public ProbeResult probeWithWrongExternalId(RoleArn role, ExternalId externalId, String actorSubject,
      String orgSlug) {
    // Same shape as the real one, never equal to it.
    String wrong = "rp-" + new StringBuilder(externalId.value().substring(3)).reverse();
    if (wrong.equals(externalId.value())) {
      wrong = "rp-00000000000000000000000000000000".equals(wrong) ? "rp-ffffffffffffffffffffffffffffffff"
          : "rp-00000000000000000000000000000000";
    }
    return probe(role, wrong, actorSubject, orgSlug);
  }

  private ProbeResult probe(RoleArn role, String externalId, String actorSubject, String orgSlug) {
    try {
      AssumeRoleRequest request = AwsClients.operationRequest(role.value(), externalId, actorSubject, orgSlug, 900);
      Credentials credentials = clients.installationSts().assumeRole(request).credentials();
      var session = StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
          credentials.secretAccessKey(), credentials.sessionToken()));
      try (StsClient sts = clients.stsAs(session)) {
        GetCallerIdentityResponse identity = sts.getCallerIdentity();
        return ProbeResult.assumed(identity.account(), identity.arn());
      }
    } catch (AwsServiceException e) {
      return ProbeResult.refused(e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode(),
          e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
    } catch (SdkClientException e) {
      return ProbeResult.refused("Unreachable", e.getMessage());
    }
  }
}
