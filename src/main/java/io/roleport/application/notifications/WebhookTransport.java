package io.roleport.application.notifications;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Port: posts a webhook delivery over HTTPS, and says which URLs Roleport may post to at all (https only; public
 * addresses only unless the installation allows private ones for local mode and tests): the URL is typed by an
 * organization's administrator, so posting to it must not become a way into Roleport's own network.
 */
public interface WebhookTransport {

  /** Empty when Roleport may post to {@code url}, else the message key of the refusal (with the URL as argument). */
  Optional<String> refusal(String url);

  /** Posts {@code body} with {@code headers}; answers the HTTP status. Redirects are not followed. */
  int post(String url, Map<String, String> headers, String body) throws IOException;
}
