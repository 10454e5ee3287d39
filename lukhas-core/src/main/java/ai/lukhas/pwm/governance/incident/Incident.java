package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.store.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A recorded incident.
 *
 * <pre>{@code
 * Incident i = log.record(IncidentReport.blockedTool("aud_1", "s1", "exec_code", "not offered"));
 * i.kind(); i.ts(); // BLOCKED_TOOL, the injected clock's instant
 * }</pre>
 *
 * @param auditId the audit bundle of the request in which it happened
 * @param tool the tool involved, when there is one
 * @param tenant the tenant whose session it happened in (incidents are namespaced by tenant)
 */
public record Incident(
        String id,
        String auditId,
        String sessionId,
        IncidentKind kind,
        Optional<String> tool,
        String detail,
        Severity severity,
        Instant ts,
        TenantId tenant) {
    public Incident {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        Checks.nonNull("ts, tenant", ts, tenant);
        // the remaining fields are validated (and cut to size) by IncidentReport
        IncidentReport checked = new IncidentReport(auditId, sessionId, kind, tool, detail, severity);
        tool = checked.tool();
        detail = checked.detail();
    }

    static Incident of(String id, Instant ts, TenantId tenant, IncidentReport report) {
        return new Incident(
                id,
                report.auditId(),
                report.sessionId(),
                report.kind(),
                report.tool(),
                report.detail(),
                report.severity(),
                ts,
                tenant);
    }
}
