package ai.lukhas.pwm.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A pooled SQL database with per-component schema migrations.
 *
 * <p>Each component (feedback, memory, governance, ...) owns its migrations under
 * {@code classpath:ai/lukhas/pwm/<component>/db/<vendor>/} and its own Flyway history table
 * {@code lukhas_schema_<component>}, so an embedding application migrates only what it uses and
 * components never contend for version numbers.
 *
 * <pre>{@code
 * try (Database db = Database.sqlite(dir.database())) {
 *     db.migrate("feedback");
 *     int n = db.transaction(c -> c.createStatement().executeUpdate("DELETE FROM feedback_card"));
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {
    private static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private final HikariDataSource pool;
    private final Vendor vendor;
    private final String description;
    private final MigrationScripts migrationScripts = new MigrationScripts(Database.class.getClassLoader());

    /** The SQL dialects LUKHAS PWM ships migrations for. */
    public enum Vendor {
        SQLITE,
        POSTGRESQL;

        String directory() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Database(HikariDataSource pool, Vendor vendor, String description) {
        this.pool = pool;
        this.vendor = vendor;
        this.description = description;
    }

    /**
     * Starts, on a daemon thread, the work the first {@link #sqlite} and {@link #migrate} of a process do
     * whatever the database: sqlite-jdbc naming this platform (it reads {@code /proc} and runs {@code
     * uname}), seeding the {@link UUID} generator (the pool names each connection with one) and listing the
     * migration scripts of the application jar (one pass over its ~14,500 entries), and initialising
     * HikariCP's stand-in for a closed connection (a {@link java.lang.reflect.Proxy} class spun at the
     * pool's first {@code close()}: ~20 ms, "Start-up, round 8"). A start calls it
     * before it reads its configuration, so this runs beside that; the first open then finds each piece
     * done, or waits for the one still running, or (when this was never called) does it itself. Nothing
     * observable changes: each piece is computed once per process either way (docs/benchmarks.md,
     * "Start-up, round 7").
     */
    public static void warmUpInBackground() {
        Thread warm = new Thread(
                () -> {
                    SqliteNativeLibrary.lookUpPlatformAhead();
                    UUID.randomUUID();
                    MigrationScripts.OwnJar.readAhead();
                    initialiseClosedConnectionProxy();
                },
                "lukhas-warm-store");
        warm.setDaemon(true);
        warm.start();
    }

    /** HikariCP's class holding the proxy a closed connection is replaced by; built at its first use. */
    static final String HIKARI_CLOSED_CONNECTION = "com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection";

    /**
     * Initialises {@link #HIKARI_CLOSED_CONNECTION}, whose static initialiser builds a dynamic proxy class;
     * the pool's first {@code close()} then finds it ready. Class initialisation runs once per process,
     * whichever thread gets there first, so nothing the pool does changes. Returns whether the class was
     * found: a HikariCP without it (another version) builds what it needs at its first close, as before.
     */
    static boolean initialiseClosedConnectionProxy() {
        try {
            Class.forName(HIKARI_CLOSED_CONNECTION, true, HikariDataSource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException otherVersion) {
            return false;
        }
    }

    /**
     * Opens (creating if needed) an SQLite database file in WAL mode with a busy timeout, foreign
     * keys on and {@code synchronous=FULL}, so a committed transaction survives a power loss. The first
     * database a process opens also decides where sqlite-jdbc's native library is loaded from: {@code
     * native/} next to the file, extracted there once per driver version ({@link SqliteNativeLibrary}).
     */
    public static Database sqlite(Path file) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw StoreException.of("cannot create the directory for database " + absolute + ": " + e, e);
        }
        SqliteNativeLibrary.prepare(absolute.getParent());
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + absolute);

        // The pool is configured in place and started by its first connection, inside this method as
        // before: HikariDataSource(HikariConfig) would copy every setting by reflection first (~20–50 ms of
        // the start's main thread, docs/benchmarks.md "Start-up, round 7"). Same settings, same start
        // (the pool's fail-fast connection), same failure and message.
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(sqlite);
        pool.setPoolName("lukhas-sqlite");
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(10_000);
        try {
            pool.getConnection().close();
            return new Database(pool, Vendor.SQLITE, "SQLite database " + absolute);
        } catch (SQLException e) {
            // HikariDataSource(HikariConfig) reported this as its PoolInitializationException: same words
            pool.close();
            throw StoreException.of(
                    "cannot open SQLite database " + absolute + ": Failed to initialize pool: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw StoreException.of("cannot open SQLite database " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** The SQL dialect, so stores can pick vendor-specific statements. */
    public Vendor vendor() {
        return vendor;
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return pool;
    }

    /** What {@link #migrate(String)} did. */
    public enum Migration {
        /**
         * The schema history already had every script of the component's location, with the same
         * checksums: Flyway was not run (one query instead of Flyway's set-up and classpath scan).
         */
        UP_TO_DATE,
        /** Flyway ran: it applied the pending scripts, or found there were none. */
        MIGRATED
    }

    /**
     * Applies the component's pending migrations from
     * {@code classpath:ai/lukhas/pwm/<component>/db/<vendor>}. When the component's history table
     * already records every script found there, successfully and with the checksum Flyway would
     * compute, Flyway is not run at all (start-up cost); in every other case (a pending or changed
     * script, a failed or unknown row, a history table that does not exist yet, a location that cannot
     * be listed without Flyway) Flyway migrates and validates as usual. The check is one plain
     * {@code SELECT} on Flyway's history table, the same on every vendor.
     *
     * @throws StoreException naming the component when a migration fails
     */
    public Migration migrate(String component) {
        if (!COMPONENT.matcher(component).matches()) {
            throw new IllegalArgumentException(
                    "component must match " + COMPONENT.pattern() + ", but was '" + component + "'");
        }
        String path = "ai/lukhas/pwm/" + component + "/db/" + vendor.directory();
        String table = "lukhas_schema_" + component;
        Optional<List<MigrationScripts.Script>> scripts;
        synchronized (this) {
            scripts = migrationScripts.list(path);
        }
        if (scripts.isPresent() && historyHasExactly(table, scripts.get())) {
            return Migration.UP_TO_DATE;
        }
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:" + path)
                    .table(table)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return Migration.MIGRATED;
        } catch (FlywayException e) {
            throw StoreException.of(
                    "migrating '" + component + "' in " + description + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Migrates {@code component} ({@link #migrate(String)}), then opens {@code store} over this
     * database: how a store that keeps its tables here is opened, so none reads a table before its
     * migrations ran.
     *
     * <pre>{@code return db.migrated("responses", SqliteResponseStore::new);}</pre>
     */
    public <T> T migrated(String component, Function<Database, T> store) {
        migrate(component);
        return store.apply(this);
    }

    /**
     * Whether Flyway's history {@code table} holds exactly {@code scripts}: each applied successfully
     * with the same checksum, and no other script, no failed row, nothing but a baseline besides. Any
     * error (no such table yet) answers false: Flyway then does what it always did.
     */
    private boolean historyHasExactly(String table, List<MigrationScripts.Script> scripts) {
        Map<String, Integer> expected = new HashMap<>();
        scripts.forEach(s -> expected.put(s.name(), s.checksum()));
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT type, script, checksum, success FROM " + table)) {
            int applied = 0;
            while (rs.next()) {
                String type = rs.getString(1);
                if ("BASELINE".equals(type) && rs.getBoolean(4)) {
                    continue;
                }
                Integer checksum = expected.get(rs.getString(2));
                int stored = rs.getInt(3);
                boolean noChecksum = rs.wasNull();
                boolean success = rs.getBoolean(4);
                if (!"SQL".equals(type) || !success || noChecksum || checksum == null || checksum != stored) {
                    return false;
                }
                applied++;
            }
            return applied == expected.size();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw StoreException.of("a transaction on " + description + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
