package ai.lukhas.pwm.governance.incident;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteIncidentStoreTest extends IncidentStoreContract {
    @TempDir
    Path dir;

    private final List<Database> open = new ArrayList<>();

    @Override
    IncidentStore store() {
        Database db = Database.sqlite(dir.resolve("store-" + open.size() + ".db"));
        open.add(db);
        return IncidentStore.sqlite(db);
    }

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    @Test
    void incidentsSurviveClosingAndReopeningTheDatabase() {
        Path file = dir.resolve("durable.db");
        Incident a = incident("a", "s1", IncidentKind.FLAGGED_TOOL_OUTPUT, T0);
        try (Database db = Database.sqlite(file)) {
            IncidentStore.sqlite(db).append(a);
        }
        try (Database db = Database.sqlite(file)) {
            assertThat(IncidentStore.sqlite(db).list(IncidentQuery.latest(10))).containsExactly(a);
        }
    }
}
