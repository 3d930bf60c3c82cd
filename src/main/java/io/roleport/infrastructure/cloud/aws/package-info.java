/**
 * The AWS adapter: the only package that imports the AWS SDK. {@link
 * io.roleport.infrastructure.cloud.aws.AwsClients} builds clients and caches the assumed-role sessions per
 * organization, role and person; {@link io.roleport.infrastructure.cloud.aws.AwsCloudProvider} and
 * {@link io.roleport.infrastructure.cloud.aws.StsAccountProbe} implement the application's ports.
 */
package io.roleport.infrastructure.cloud.aws;
