package ai.lukhas.pwm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

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
}
