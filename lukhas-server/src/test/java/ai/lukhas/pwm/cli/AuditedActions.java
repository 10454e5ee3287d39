package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.audit.AuditLog;

/** Audit records for CLI tests, written as serve writes them. */
final class AuditedActions {
    private AuditedActions() {}

    /** Appends a bundle of {@code tenant}'s {@code session} with outcome "ok"; its audit_id. */
    static String ok(AuditLog log, String tenant, String session) {
        return log.append(log.newBundle()
                        .tenant(tenant)
                        .session(session)
                        .outcome("ok")
                        .build())
                .auditId();
    }
}
