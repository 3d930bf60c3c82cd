/**
 * Notifications: an organization's webhook receives its cluster and binding events as signed JSON, through an
 * outbox written in the transaction of each change and a background sender that retries with back-off.
 */
package io.roleport.application.notifications;
