/**
 * Use cases, one package per area: access (who may see which organization), organizations, onboarding
 * (the write-once cloud binding), clusters (requests and the durable provisioning worker) and audit.
 * Services are CDI beans with transactions; the clouds are reached only through the ports declared here
 * ({@link io.roleport.application.clusters.CloudProvider}, {@link
 * io.roleport.application.onboarding.AwsAccountProbe}), implemented in the infrastructure layer.
 */
package io.roleport.application;
