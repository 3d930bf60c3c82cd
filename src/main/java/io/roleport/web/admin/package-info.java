/** Backing beans of the operator views ({@code /admin/...}). */
package io.roleport.web.admin;
