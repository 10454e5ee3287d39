package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.check.Checks;

/**
 * Proof that a bundle is stored: returned by {@link AuditLog#append} once the bundle is durable.
 *
 * <pre>{@code AuditReceipt r = log.append(bundle); response.header("x-lukhas-audit-id", r.auditId());}</pre>
 */
public record AuditReceipt(String auditId, long seq, String hash) {
    public AuditReceipt {
        Checks.nonNull("auditId, hash", auditId, hash);
    }
}
