package ai.lukhas.pwm.store;

/**
 * The database was busy: another writer held its lock past the busy timeout, or no pooled connection
 * came free in time. The work was not done (a transaction was rolled back); the same work may succeed
 * when tried again. See {@link StoreException}.
 */
public final class StoreBusyException extends StoreException {
    StoreBusyException(String message, Throwable cause) {
        super(message, cause, true);
    }
}
