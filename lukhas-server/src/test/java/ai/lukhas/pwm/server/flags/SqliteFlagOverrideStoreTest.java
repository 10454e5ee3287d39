package ai.lukhas.pwm.server.flags;

import ai.lukhas.pwm.flags.FlagOverrideStore;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.testing.FlagOverrideStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteFlagOverrideStoreTest extends FlagOverrideStoreContract {
    @TempDir
    Path dir;

    private final List<Database> opened = new ArrayList<>();

    private Database database() {
        Database db = Database.sqlite(dir.resolve("lukhas.db"));
        opened.add(db);
        return db;
    }

    @Override
    protected FlagOverrideStore store() {
        return FlagOverrideStores.sqlite(database());
    }

    /** A second connection pool on the same file, as the next start of the gateway opens it. */
    @Override
    protected FlagOverrideStore reopen(FlagOverrideStore store) {
        return FlagOverrideStores.sqlite(database());
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
    }
}
