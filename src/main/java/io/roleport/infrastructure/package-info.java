/**
 * Implementations of the application's ports: persistence (JPA on MariaDB, Flyway), security (OpenID
 * Connect sign-in and group mapping), the AWS adapter (AWS SDK v2), configuration and scheduling.
 */
package io.roleport.infrastructure;
