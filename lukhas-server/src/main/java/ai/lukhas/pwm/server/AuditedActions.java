package ai.lukhas.pwm.server;

import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.feedback.FeedbackTargets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The actions a tenant may rate with feedback: the audit records of that tenant. The server asks its
 * live {@code AuditLog}, the CLI an {@code AuditReader} over the audit directory.
 *
 * <pre>{@code FeedbackTargets targets = AuditedActions.of(auditLog::find);}</pre>
 */
public final class AuditedActions {
    private AuditedActions() {}

    /** True for an audit id that {@code find} resolves to a record of the tenant. */
    public static FeedbackTargets of(Function<String, Optional<AuditRecord>> find) {
        Objects.requireNonNull(find, "find");
        return (tenant, id) -> find.apply(id)
                .map(r -> r.bundle().tenant().equals(tenant.value()))
                .orElse(false);
    }
}
