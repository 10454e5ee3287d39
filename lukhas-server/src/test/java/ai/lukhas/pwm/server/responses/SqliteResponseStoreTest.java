package ai.lukhas.pwm.server.responses;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteResponseStoreTest extends ResponseStoreContractTest {
    @TempDir
    Path dir;

    private Database db;
    private ResponseStore store;

    @Override
    ResponseStore store() {
        if (store == null) {
            db = Database.sqlite(dir.resolve("lukhas.db"));
            store = ResponseStore.sqlite(db);
        }
        return store;
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void survivesReopening() {
        store().put(response(TenantId.of("acme"), "resp_1", "hi"));
        db.close();
        db = Database.sqlite(dir.resolve("lukhas.db"));
        assertThat(ResponseStore.sqlite(db).find(TenantId.of("acme"), "resp_1")).isPresent();
    }
}
