/**
 * The environment Roleport's tests and local mode run the application in, with nothing but this machine:
 * {@link io.roleport.testenv.Database} (embedded MariaDB or CI's server, a dedicated user),
 * {@link io.roleport.testenv.LocalIdp} (a local OpenID Connect provider with the demo users),
 * {@link io.roleport.testenv.CloudEndpoint} (the cloud simulator, started reflectively),
 * {@link io.roleport.testenv.RoleportSettings} (the MicroProfile Config contract written for Payara Micro),
 * {@link io.roleport.testenv.TestEnvironment} (starts all of it once per test JVM, as a JUnit launcher session
 * listener), {@link io.roleport.testenv.Browser} (headless Chromium for browser tests) and
 * {@link io.roleport.testenv.Deployments} (the built WAR for Arquillian).
 *
 * <p>Test code only: none of it ships in the WAR.
 */
package io.roleport.testenv;
