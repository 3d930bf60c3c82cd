/** Who is asking and which organizations they may see: the tenant guard lives here. */
package io.roleport.application.access;
