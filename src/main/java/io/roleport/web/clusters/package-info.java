/** Backing beans of {@code /orgs/{slug}/clusters}, {@code .../clusters/new} and {@code .../clusters/{id}}. */
package io.roleport.web.clusters;
