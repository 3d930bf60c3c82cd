package io.roleport.infrastructure.cloud.aws;

import io.roleport.application.access.IdentityToken;
import io.roleport.application.clusters.SessionCredentials;
import io.roleport.application.clusters.WebIdentitySessions;
import io.roleport.domain.RoleArn;
import io.roleport.infrastructure.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * AssumeRoleWithWebIdentity with a person's own ID token: an unsigned STS call (no Roleport credentials),
 * session name {@code roleport-<subject>} so CloudTrail in the customer's account names who acted next to the
 * token's subject.
 */
@ApplicationScoped
public class StsWebIdentitySessions implements WebIdentitySessions {

  @Inject AwsClients clients;
  @Inject Settings settings;

  @Override
  public SessionCredentials assume(RoleArn role, IdentityToken token, String actorSubject) {
    Credentials c = AwsCloudProvider.call(() -> clients.anonymousSts().assumeRoleWithWebIdentity(
        AssumeRoleWithWebIdentityRequest.builder()
            .roleArn(role.value())
            .roleSessionName(SourceIdentities.sessionName(actorSubject))
            .webIdentityToken(token.jwt())
            .durationSeconds(settings.sessionSeconds())
            .build()).credentials());
    return new SessionCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
  }

  @Override
  public void proveAccepts(RoleArn role, IdentityToken token, String actorSubject) {
    AwsCloudProvider.call(() -> clients.anonymousSts().assumeRoleWithWebIdentity(
        AssumeRoleWithWebIdentityRequest.builder()
            .roleArn(role.value())
            .roleSessionName(SourceIdentities.sessionName(actorSubject))
            .webIdentityToken(token.jwt())
            .durationSeconds(900)
            .build()));
  }

  @Override
  public String accountOf(SessionCredentials session) {
    try (StsClient sts = clients.stsAs(StaticCredentialsProvider.create(AwsSessionCredentials.create(
        session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))) {
      return AwsCloudProvider.call(() -> sts.getCallerIdentity().account());
    }
  }
}
