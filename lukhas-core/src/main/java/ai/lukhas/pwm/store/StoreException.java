package ai.lukhas.pwm.store;

/** A database could not be opened, migrated or queried. The message says which and why. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
