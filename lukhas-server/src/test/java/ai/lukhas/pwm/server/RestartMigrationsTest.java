package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.store.Database;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart on a current database does not run Flyway for the server's own components either: their
 * scripts' checksums, as {@link Database} computes them, are the ones Flyway stored.
 */
class RestartMigrationsTest {
    @TempDir
    Path dir;

    @Test
    void theServersComponentsAreUpToDateAfterTheirFirstMigration() {
        List<String> components = List.of("apikeys", "responses", "flag_overrides");
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            components.forEach(c -> assertThat(db.migrate(c)).as(c).isEqualTo(Database.Migration.MIGRATED));
        }
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            components.forEach(c -> assertThat(db.migrate(c)).as(c).isEqualTo(Database.Migration.UP_TO_DATE));
        }
    }
}
