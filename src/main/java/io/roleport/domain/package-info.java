/**
 * The Roleport domain: organizations (tenants), their write-once cloud bindings, clusters with their
 * placement, durable operations and audit events. Entities carry their own invariants; value objects
 * validate their own format. No Jakarta EE service or cloud SDK type appears here, only JPA mapping
 * annotations.
 */
package io.roleport.domain;
