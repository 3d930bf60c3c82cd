/** Backing beans of {@code /orgs} and {@code /orgs/{slug}}. */
package io.roleport.web.orgs;
