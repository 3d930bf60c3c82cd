/** Organizations: the caller's list, creation, and the overview of one organization. */
package io.roleport.application.organizations;
