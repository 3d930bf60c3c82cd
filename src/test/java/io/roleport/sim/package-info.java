/**
 * The AWS part of Roleport's cloud simulator: a small in-process HTTP server that speaks the real wire
 * protocols of STS, IAM, EC2 and EKS (SigV4-signed Query/XML and REST-JSON), so the application and its
 * tests run the <em>real</em> AWS SDK v2 clients with nothing but an endpoint override.
 *
 * <p>Entry point: {@link io.roleport.sim.CloudSimulator}. State comes from a declarative seed
 * ({@code config/simulator-seed.json}, see {@code docs/simulator.md}); every call is recorded in the
 * {@link io.roleport.sim.Journal}. This package is test-side code and never ships in the WAR.
 */
package io.roleport.sim;
