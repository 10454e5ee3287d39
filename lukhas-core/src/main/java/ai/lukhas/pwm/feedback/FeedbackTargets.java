package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.store.TenantId;

/**
 * Which actions a tenant may rate: a card's {@code target_action_id} must name an audited action of
 * the same tenant, so cards can neither rate invented actions nor another tenant's. The server answers
 * from the audit log; the feedback package does not depend on it.
 *
 * <pre>{@code
 * FeedbackTargets targets = (tenant, id) -> audit.find(id).map(r -> r.bundle().tenant().equals(tenant.value()))
 *         .orElse(false);
 * }</pre>
 */
@FunctionalInterface
public interface FeedbackTargets {
    /** True when {@code actionId} is an audited action of {@code tenant}. */
    boolean isActionOf(TenantId tenant, String actionId);
}
