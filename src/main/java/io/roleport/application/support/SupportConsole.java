package io.roleport.application.support;

import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;
import java.net.URI;
import java.time.Duration;

/**
 * Port: a one-click, federated console sign-in into a customer account through its support role, as the
 * support engineer (the session names them), for a fixed time.
 */
public interface SupportConsole {
  URI signInLink(RoleArn supportRole, ExternalId externalId, String actorSubject, String orgSlug, Duration length);
}
