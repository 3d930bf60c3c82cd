package io.roleport.infrastructure.cloud.aws;

import io.roleport.application.clusters.CloudException;
import io.roleport.application.support.SupportConsole;
import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;
import io.roleport.infrastructure.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * AWS console federation for support sessions: assume the organization's support role for the support
 * engineer (ExternalId, SourceIdentity, session tags, the session's exact length), exchange the
 * credentials for a sign-in token at the federation endpoint, and build the one-click login link.
 */
@ApplicationScoped
public class AwsSupportConsole implements SupportConsole {

  @Inject AwsClients clients;
  @Inject Settings settings;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public URI signInLink(RoleArn supportRole, ExternalId externalId, String actorSubject, String orgSlug,
      Duration length) {
    Credentials credentials;
    try {
      String identity = SourceIdentities.of(actorSubject);
      credentials = clients.installationSts().assumeRole(AssumeRoleRequest.builder()
          .roleArn(supportRole.value())
          .roleSessionName(SourceIdentities.sessionName(actorSubject))
          .externalId(externalId.value())
          .sourceIdentity(identity)
          .tags(Tag.builder().key("roleport-org").value(orgSlug).build(),
              Tag.builder().key("roleport-user").value(identity).build(),
              Tag.builder().key("roleport-purpose").value("support").build())
          .durationSeconds((int) length.toSeconds())
          .build()).credentials();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode();
      throw new CloudException(code, e.getMessage(), false, e);
    }
    String session = "{\"sessionId\":\"%s\",\"sessionKey\":\"%s\",\"sessionToken\":\"%s\"}".formatted(
        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
    String federation = settings.awsFederationEndpoint();
    try {
      // SessionDuration: without it the console session lasts an hour, whatever the support window says.
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(federation
              + "?Action=getSigninToken&SessionDuration=" + length.toSeconds() + "&Session=" + encode(session)))
              .timeout(Duration.ofSeconds(15)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new CloudException("FederationRefused", "federation endpoint answered " + answer.statusCode(), true,
            null);
      }
      String token = answer.body().replaceAll("(?s).*\"SigninToken\"\\s*:\\s*\"([^\"]+)\".*", "$1");
      return URI.create(federation + "?Action=login&Issuer=" + encode(settings.publicUrl().orElse("roleport"))
          + "&Destination=" + encode(settings.awsConsoleUrl()) + "&SigninToken=" + encode(token));
    } catch (IOException e) {
      throw new CloudException("Unreachable", e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException("Interrupted", e.getMessage(), true, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
