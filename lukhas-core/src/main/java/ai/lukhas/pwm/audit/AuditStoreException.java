package ai.lukhas.pwm.audit;

/**
 * The audit store is broken (disk full, I/O error, a directory another process holds): the bundle was
 * not stored, and the request it belongs to must not be acknowledged. Trying again does not help: after
 * a write failure the log refuses every append until it is reopened. See {@link AuditException}.
 */
public non-sealed class AuditStoreException extends AuditException {
    private static final long serialVersionUID = 1L;

    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditStoreException(String message) {
        super(message);
    }

    @Override
    public final boolean retriable() {
        return false;
    }
}
