package ai.lukhas.pwm.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
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
     * Opens (creating if needed) an SQLite database file in WAL mode with a busy timeout, foreign
     * keys on and {@code synchronous=FULL}, so a committed transaction survives a power loss.
     */
    public static Database sqlite(Path file) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw StoreException.of("cannot create the directory for database " + absolute + ": " + e, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + absolute);

        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setPoolName("lukhas-sqlite");
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(10_000);
        try {
            return new Database(new HikariDataSource(hikari), Vendor.SQLITE, "SQLite database " + absolute);
        } catch (RuntimeException e) {
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

    /**
     * Applies the component's pending migrations from
     * {@code classpath:ai/lukhas/pwm/<component>/db/<vendor>}.
     *
     * @throws StoreException naming the component when a migration fails
     */
    public void migrate(String component) {
        if (!COMPONENT.matcher(component).matches()) {
            throw new IllegalArgumentException(
                    "component must match " + COMPONENT.pattern() + ", but was '" + component + "'");
        }
        String location = "classpath:ai/lukhas/pwm/" + component + "/db/" + vendor.directory();
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations(location)
                    .table("lukhas_schema_" + component)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw StoreException.of(
                    "migrating '" + component + "' in " + description + " failed: " + e.getMessage(), e);
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
