package io.roleport.application.audit;

import io.roleport.domain.AuditEvent;

/** An audit event with the person it names, for the organization's audit page. */
public record AuditEntry(AuditEvent event, Actor who) implements java.io.Serializable {}
