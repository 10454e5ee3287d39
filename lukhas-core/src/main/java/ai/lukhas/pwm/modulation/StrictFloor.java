package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.Checks;
import java.time.Instant;

/**
 * A floor that governance puts under one modulation: the safety mode is strict and every safety
 * signal (alignment_risk) counts at level 1.0 at least, so every parameter is at least as tight as
 * the policy's strict caps whatever the session's own signals say. Escalation holds are applied as
 * this floor; the trace of the modulation names it.
 *
 * <pre>{@code
 * modulator.modulate(key, StyleDeltas.NONE, Optional.of(new StrictFloor(until, "escalation hold (session)")));
 * }</pre>
 *
 * @param until when the floor ends (for the trace; the caller decides whether it applies now)
 * @param reason why it applies, e.g. {@code "escalation hold (session scope) after blocked_tool"}
 */
public record StrictFloor(Instant until, String reason) {
    public StrictFloor {
        Checks.nonNull("until, reason", until, reason);
    }

    String note() {
        return reason + ": strict, alignment risk at 1.0 until " + until;
    }
}
