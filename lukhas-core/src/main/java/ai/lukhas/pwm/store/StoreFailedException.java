package ai.lukhas.pwm.store;

/**
 * The database is unusable for this work, and repeating it will not help: its directory or file cannot
 * be created or opened, a migration failed, or a statement failed (constraint, SQL error, corrupt file).
 * See {@link StoreException}.
 */
public final class StoreFailedException extends StoreException {
    StoreFailedException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
