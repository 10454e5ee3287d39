package ai.lukhas.pwm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void theWarmUpFindsHikariCpsClosedConnectionClass() {
        // the start's warm-up initialises it by name: a HikariCP upgrade that renames it is noticed here,
        // not as a start that is ~20 ms slower
        assertThat(Database.initialiseClosedConnectionProxy()).isTrue();
    }

    @Test
    void migratesAComponentOnceAndSurvivesReopening() {
        Path file = dir.resolve("nested/lukhas.db");
        try (Database db = Database.sqlite(file)) {
            db.migrate("storetest");
            db.migrate("storetest"); // idempotent
            db.transaction(c -> c.createStatement().executeUpdate("INSERT INTO note(body, tag) VALUES ('a', 't')"));
        }
        try (Database db = Database.sqlite(file)) {
            db.migrate("storetest");
            String body = db.transaction(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT body FROM note")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(body).isEqualTo("a");
            String mode = db.transaction(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(mode).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void aFileThatIsNotADatabaseFailsTheOpenWithItsPath() throws Exception {
        Path file = dir.resolve("garbage.db");
        Files.write(
                file,
                "this is not an SQLite database, just text long enough to fill a header"
                        .repeat(20)
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Database.sqlite(file))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot open SQLite database " + file + ": Failed to initialize pool: ")
                .hasMessageContaining("SQLITE_NOTADB");
    }

    @Test
    void aPoolThatOpenedServesEveryConnectionFromOnePool() {
        try (Database db = Database.sqlite(dir.resolve("pooled.db"))) {
            assertThat(db.dataSource()).isInstanceOfSatisfying(HikariDataSource.class, pool -> {
                assertThat(pool.getHikariPoolMXBean())
                        .as("the pool is started by the open, not at first use")
                        .isNotNull();
                assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
                assertThat(pool.getMinimumIdle()).isEqualTo(1);
                assertThat(pool.getConnectionTimeout()).isEqualTo(10_000);
                assertThat(pool.getPoolName()).isEqualTo("lukhas-sqlite");
            });
        }
    }

    @Test
    void aFailingTransactionIsRolledBack() {
        try (Database db = Database.sqlite(dir.resolve("x.db"))) {
            db.migrate("storetest");
            assertThatThrownBy(() -> db.transaction(c -> {
                        c.createStatement().executeUpdate("INSERT INTO note(body) VALUES ('kept?')");
                        throw new SQLException("boom");
                    }))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("boom");
            int rows = db.transaction(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM note")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(rows).isZero();
        }
    }

    @Test
    void unknownComponentNamesTheMissingLocation() {
        try (Database db = Database.sqlite(dir.resolve("y.db"))) {
            assertThatThrownBy(() -> db.migrate("nosuchcomponent"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("nosuchcomponent");
            assertThatThrownBy(() -> db.migrate("../evil"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("component must match");
        }
    }

    /** The component's schema history, row by row, as Flyway wrote it. */
    private static List<String> history(Database db, String component) {
        return db.transaction(c -> {
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT installed_rank, version, type, script, checksum, success, installed_on"
                            + " FROM lukhas_schema_" + component + " ORDER BY installed_rank")) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= 7; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(String.join("|", row));
                }
            }
            return rows;
        });
    }

    @Test
    void aStartOnACurrentDatabaseDoesNotRunFlyway() {
        Path file = dir.resolve("lukhas.db");
        List<String> before;
        try (Database db = Database.sqlite(file)) {
            assertThat(db.migrate("storetest")).isEqualTo(Database.Migration.MIGRATED);
            before = history(db, "storetest");
            assertThat(db.migrate("storetest")).isEqualTo(Database.Migration.UP_TO_DATE);
        }
        assertThat(before).hasSize(2); // V1 and V2, no baseline on an empty database
        try (Database db = Database.sqlite(file)) {
            assertThat(db.migrate("storetest")).isEqualTo(Database.Migration.UP_TO_DATE);
            assertThat(history(db, "storetest")).isEqualTo(before);
        }
    }

    @Test
    void aDatabaseOneVersionBehindIsMigrated() {
        Path file = dir.resolve("lukhas.db");
        try (Database db = Database.sqlite(file)) {
            db.migrate("storetest");
            // Back to version 1, as a database from before V2__note_tag.sql has it.
            db.transaction(c -> {
                c.createStatement().executeUpdate("ALTER TABLE note DROP COLUMN tag");
                return c.createStatement().executeUpdate("DELETE FROM lukhas_schema_storetest WHERE version = '2'");
            });
        }
        try (Database db = Database.sqlite(file)) {
            assertThat(db.migrate("storetest")).isEqualTo(Database.Migration.MIGRATED);
            assertThat(history(db, "storetest")).hasSize(2).last().asString().contains("V2__note_tag.sql");
            db.transaction(c -> c.createStatement().executeUpdate("INSERT INTO note(body, tag) VALUES ('b', 't')"));
            assertThat(db.migrate("storetest")).isEqualTo(Database.Migration.UP_TO_DATE);
        }
    }

    /**
     * A history the classpath does not match exactly is Flyway's to judge: an edited applied script
     * (its checksum) fails validation, a failed row asks for a repair; neither is skipped silently.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "UPDATE lukhas_schema_storetest SET checksum = checksum + 1 WHERE version = '1' | checksum",
                "UPDATE lukhas_schema_storetest SET success = 0 WHERE version = '2' | storetest"
            })
    void aHistoryThatDoesNotMatchIsLeftToFlyway(String change, String inMessage) {
        Path file = dir.resolve("lukhas.db");
        try (Database db = Database.sqlite(file)) {
            db.migrate("storetest");
            db.transaction(c -> c.createStatement().executeUpdate(change));
        }
        try (Database db = Database.sqlite(file)) {
            assertThatThrownBy(() -> db.migrate("storetest"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("migrating 'storetest'")
                    .hasMessageContaining(inMessage);
        }
    }

    @Test
    void everyShippedComponentIsUpToDateAfterItsFirstMigration() {
        List<String> components = List.of("feedback", "incidents", "notes", "scheduler", "dna", "legacy_migration");
        Path file = dir.resolve("lukhas.db");
        try (Database db = Database.sqlite(file)) {
            components.forEach(c -> assertThat(db.migrate(c)).as(c).isEqualTo(Database.Migration.MIGRATED));
        }
        try (Database db = Database.sqlite(file)) {
            components.forEach(c -> assertThat(db.migrate(c)).as(c).isEqualTo(Database.Migration.UP_TO_DATE));
        }
    }
}
