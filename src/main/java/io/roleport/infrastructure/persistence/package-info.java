/** JPA repositories on MariaDB and the Flyway migration at start-up. */
package io.roleport.infrastructure.persistence;
