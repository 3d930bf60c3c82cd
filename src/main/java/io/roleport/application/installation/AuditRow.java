package io.roleport.application.installation;

import io.roleport.application.audit.Actor;
import io.roleport.domain.AuditEvent;

/** An audit event with the slug of its organization and the person it names, for the installation-wide audit page. */
public record AuditRow(AuditEvent event, String orgSlug, Actor who) implements java.io.Serializable {}
