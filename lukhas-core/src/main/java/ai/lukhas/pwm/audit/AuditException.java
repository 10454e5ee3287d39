package ai.lukhas.pwm.audit;

/**
 * The audit log could not store or read a bundle. The root of the audit package's exceptions, split
 * by whether trying again can help: {@link AuditInterruptedException} (the calling thread was
 * interrupted; the log itself is fine) and {@link AuditStoreException} (the store is broken, held by
 * another process or unreadable; it stays so until an operator acts). Either way a bundle that was
 * being appended counts as not stored, and its request must not be acknowledged.
 *
 * <pre>{@code
 * try {
 *     log.append(bundle);
 * } catch (AuditInterruptedException e) {
 *     // cancelled: the request may be sent again
 * } catch (AuditStoreException e) {
 *     // fail closed and alert: e.getMessage() names the directory and the cause
 * }
 * }</pre>
 */
public abstract sealed class AuditException extends RuntimeException
        permits AuditInterruptedException, AuditStoreException {
    private static final long serialVersionUID = 1L;

    AuditException(String message, Throwable cause) {
        super(message, cause);
    }

    AuditException(String message) {
        super(message);
    }

    /** Whether trying the same work again later may succeed. */
    public abstract boolean retriable();
}
