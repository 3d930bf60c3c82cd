/**
 * Local mode: {@link io.roleport.local.LocalMode} runs Roleport on one machine (embedded MariaDB, local OpenID
 * Connect provider with demo users, cloud simulator, Payara Micro with the built WAR). Test code only: never in the
 * WAR.
 */
package io.roleport.local;
