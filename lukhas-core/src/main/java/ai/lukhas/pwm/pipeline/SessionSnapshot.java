package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.modulation.ModulationTrace;
import ai.lukhas.pwm.modulation.SafetyMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a session looks like now: its safety mode, active signals, incidents recorded through the
 * pipeline, and when it last made a request.
 *
 * <pre>{@code
 * store.snapshot("s-1").map(SessionSnapshot::safetyMode); // Optional[STRICT] after an incident
 * }</pre>
 */
public record SessionSnapshot(
        String sessionId,
        SafetyMode safetyMode,
        List<ModulationTrace.Signal> activeSignals,
        long incidentCount,
        Instant lastActivity) {
    public SessionSnapshot {
        Checks.notBlank(sessionId, "sessionId");
        Objects.requireNonNull(safetyMode, "safetyMode");
        activeSignals = List.copyOf(Objects.requireNonNull(activeSignals, "activeSignals"));
        if (incidentCount < 0) {
            throw new IllegalArgumentException("incidentCount must be >= 0, but was " + incidentCount);
        }
        Objects.requireNonNull(lastActivity, "lastActivity");
    }
}
