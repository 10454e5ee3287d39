package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.modulation.SessionKey;
import java.time.Instant;

/**
 * An escalation hold: from {@code placedAt} until {@code until}, every session the scope covers is
 * modulated with strict as its floor (see {@link Escalation}). Placed by an incident; ends at
 * {@code until} or when an admin releases it.
 *
 * <pre>{@code
 * hold.activeAt(clock.instant()); // true until hold.until()
 * }</pre>
 *
 * @param auditId the audit record of the request in which the incident that placed it happened
 * @param kind that incident's kind
 * @param origin the session in which that incident happened
 */
public record Hold(
        HoldScope scope, Instant placedAt, Instant until, String auditId, IncidentKind kind, SessionKey origin) {
    public Hold {
        Checks.nonNull("scope, placedAt, until, auditId, kind, origin", scope, placedAt, until, auditId, kind, origin);
        if (!until.isAfter(placedAt)) {
            throw new IllegalArgumentException("until must be after placedAt, but was " + until + " <= " + placedAt);
        }
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }
}
