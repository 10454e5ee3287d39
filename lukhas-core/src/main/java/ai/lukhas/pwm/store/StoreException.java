package ai.lukhas.pwm.store;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * A database could not be opened, migrated or queried. The message says which and why. The root of
 * the store's exceptions, split by whether trying again can help: {@link StoreBusyException} (the
 * database stayed locked by another writer past the busy timeout, or no pooled connection came free
 * in time) and {@link StoreFailedException} (a directory or file that cannot be created or opened, a
 * failed migration, a constraint or SQL error). Which one a cause becomes is decided in one place,
 * {@link #of(String, Throwable)}.
 *
 * <pre>{@code
 * try {
 *     db.transaction(c -> insert(c, row));
 * } catch (StoreBusyException e) {
 *     // contention: answer 503 with Retry-After, or try once more
 * } catch (StoreFailedException e) {
 *     // broken storage or a bug: log e.getMessage() and stop
 * }
 * }</pre>
 */
public abstract sealed class StoreException extends RuntimeException permits StoreBusyException, StoreFailedException {
    /** SQLite's primary result codes for "the database file is locked" and "a table is locked". */
    private static final int SQLITE_BUSY = 5;

    private static final int SQLITE_LOCKED = 6;

    private final boolean retriable;

    StoreException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    /**
     * The store's exception for {@code cause}: {@link StoreBusyException} when the cause (or one of
     * its causes) is SQLite's BUSY or LOCKED or a transient JDBC failure, else
     * {@link StoreFailedException}. The message is kept as given.
     */
    public static StoreException of(String message, Throwable cause) {
        return busy(cause) ? new StoreBusyException(message, cause) : new StoreFailedException(message, cause);
    }

    private static boolean busy(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException s) {
                int primary = s.getErrorCode() & 0xff; // extended codes carry the primary code in the low byte
                if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether trying the same work again later may succeed. */
    public final boolean retriable() {
        return retriable;
    }
}
