/** Support access: time-limited, audited console sessions through an organization's support role. */
package io.roleport.application.support;
