package ai.lukhas.pwm.audit;

/**
 * The audit store is broken (disk full, I/O error, a directory another process holds): the bundle was
 * not stored, and the request it belongs to must not be acknowledged.
 */
public class AuditStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditStoreException(String message) {
        super(message);
    }
}
