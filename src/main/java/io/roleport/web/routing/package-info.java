/**
 * Organization-scoped URLs ({@code /orgs/{slug}/clusters/{id}}) mapped to Faces views, with the tenant
 * guard applied before any view is built.
 */
package io.roleport.web.routing;
