package io.roleport.application.installation;

import io.roleport.domain.AuditEvent;

/** An audit event with the slug of its organization, for the installation-wide audit page. */
public record AuditRow(AuditEvent event, String orgSlug) implements java.io.Serializable {}
