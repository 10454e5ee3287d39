package ai.lukhas.pwm.audit;

/**
 * The thread appending a bundle was interrupted before the bundle was queued or before its write was
 * acknowledged. The log is still working, so the same append may succeed when tried again (a bundle
 * interrupted while waiting may even have become durable). See {@link AuditException}.
 */
public final class AuditInterruptedException extends AuditException {
    private static final long serialVersionUID = 1L;

    AuditInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
