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
 * Validates a proposed binding with real STS calls: AssumeRole as the installation principal (with or
 * without the ExternalId), then GetCallerIdentity with the session to learn which account we reached.
 * Short sessions (15 minutes), nothing cached.
 */
@ApplicationScoped
public class StsAccountProbe implements AwsAccountProbe {

  @Inject AwsClients clients;

  @Override
  public ProbeResult probe(RoleArn role, ExternalId externalId, String actorSubject, String orgSlug) {
    try {
      var request = AssumeRoleRequest.builder()
          .roleArn(role.value())
          .roleSessionName(SourceIdentities.sessionName(actorSubject))
          .durationSeconds(900);
      if (externalId != null) {
        request.externalId(externalId.value());
      }
      Credentials credentials = clients.installationSts().assumeRole(request.build()).credentials();
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
