/** The audit trail: every state change and every refusal, append-only. */
package io.roleport.application.audit;
