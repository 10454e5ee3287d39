package ai.lukhas.pwm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Whether a store failure is worth retrying is decided once, in {@link StoreException#of}. */
class StoreExceptionTest {
    @TempDir
    Path dir;

    @Test
    void aLockedDatabaseInATransactionIsRetriableAndKeepsItsMessage() {
        try (Database db = Database.sqlite(dir.resolve("busy.db"))) {
            assertThatThrownBy(() -> db.transaction(c -> {
                        throw new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY);
                    }))
                    .isInstanceOf(StoreBusyException.class)
                    .hasMessageStartingWith("a transaction on SQLite database ")
                    .hasMessageEndingWith(" failed: database is locked")
                    .satisfies(e -> assertThat(((StoreException) e).retriable()).isTrue());
        }
    }

    @Test
    void aConstraintViolationIsNotRetriable() {
        try (Database db = Database.sqlite(dir.resolve("constraint.db"))) {
            db.migrate("storetest");
            assertThatThrownBy(() -> db.transaction(
                            c -> c.createStatement().executeUpdate("INSERT INTO note(body) VALUES (NULL)")))
                    .isInstanceOf(StoreFailedException.class)
                    .satisfies(e -> assertThat(((StoreException) e).retriable()).isFalse());
        }
    }

    @Test
    void busyLockedAndTransientCausesAreRetriableWhereverTheyAreInTheChain() {
        assertThat(StoreException.of("m", new SQLiteException("locked", SQLiteErrorCode.SQLITE_LOCKED)))
                .isInstanceOf(StoreBusyException.class);
        assertThat(StoreException.of("m", new SQLiteException("snapshot", SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT)))
                .isInstanceOf(StoreBusyException.class);
        assertThat(StoreException.of("m", new RuntimeException(new SQLTransientConnectionException("pool timeout"))))
                .isInstanceOf(StoreBusyException.class);
        assertThat(StoreException.of("m", new SQLiteException("constraint", SQLiteErrorCode.SQLITE_CONSTRAINT)))
                .isInstanceOf(StoreFailedException.class);
        assertThat(StoreException.of("m", new SQLException("boom"))).isInstanceOf(StoreFailedException.class);
        assertThat(StoreException.of("cannot create", new IOException("read-only file system")))
                .isInstanceOf(StoreFailedException.class)
                .hasMessage("cannot create");
    }
}
