package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.SignalOutcome;
import java.util.Objects;

/**
 * What the guardian did about one incident: the stored incident, what the modulator made of the
 * {@code alignment_risk = 1.0} signal, and the session's parameters right after (strict, tools rebuilt from
 * {@code modulation().params().toolAllowlist()}).
 *
 * <pre>{@code
 * Tightening t = guardian.onIncident(IncidentReport.blockedTool("aud_1", "s1", "exec_code", "not offered"));
 * t.modulation().params().safetyMode(); // STRICT
 * }</pre>
 */
public record Tightening(Incident incident, SignalOutcome signal, ModulationResult modulation) {
    public Tightening {
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(modulation, "modulation");
    }
}
