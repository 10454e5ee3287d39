package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteFeedbackStoreTest extends FeedbackStoreContract {
    @TempDir
    Path dir;

    private Database db;

    @Override
    FeedbackStore store() {
        db = Database.sqlite(dir.resolve("lukhas.db"));
        return FeedbackStore.sqlite(db);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }
}
