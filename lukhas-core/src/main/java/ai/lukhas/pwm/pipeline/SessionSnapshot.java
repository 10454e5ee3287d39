package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.incident.Hold;
import ai.lukhas.pwm.modulation.ModulationTrace;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.modulation.SessionKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a session looks like now: its safety mode (holds applied), active signals, the escalation holds
 * that apply to it, incidents recorded through the pipeline, when it last made a request and the user its
 * last request named.
 *
 * <pre>{@code
 * store.snapshot(key).map(SessionSnapshot::safetyMode); // Optional[STRICT] after an incident
 * }</pre>
 */
public record SessionSnapshot(
        SessionKey session,
        SafetyMode safetyMode,
        List<ModulationTrace.Signal> activeSignals,
        List<Hold> holds,
        long incidentCount,
        Instant lastActivity,
        Optional<String> userId) {
    public SessionSnapshot {
        Checks.nonNull("session, safetyMode", session, safetyMode);
        activeSignals = List.copyOf(Objects.requireNonNull(activeSignals, "activeSignals"));
        holds = List.copyOf(Objects.requireNonNull(holds, "holds"));
        if (incidentCount < 0) {
            throw new IllegalArgumentException("incidentCount must be >= 0, but was " + incidentCount);
        }
        Checks.nonNull("lastActivity, userId", lastActivity, userId);
    }

    public String sessionId() {
        return session.sessionId();
    }
}
