/** Webhook deliveries over HTTPS (the JDK's HTTP client) and the policy of where Roleport may post. */
package io.roleport.infrastructure.notifications;
