package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.modulation.ModulationResult;
import java.util.List;
import java.util.Objects;

/**
 * What the guardian did about one incident: the stored incident, the escalation holds it placed (the
 * session's first), and the session's parameters right after (strict, tools rebuilt from
 * {@code modulation().params().toolAllowlist()}).
 *
 * <pre>{@code
 * Tightening t = guardian.onIncident(subject, IncidentReport.blockedTool("aud_1", "s1", "exec_code", "not offered"),
 *         StyleDeltas.NONE);
 * t.modulation().params().safetyMode(); // STRICT
 * t.holds().get(0).until();             // now + the hold duration
 * }</pre>
 */
public record Tightening(Incident incident, List<Hold> holds, ModulationResult modulation) {
    public Tightening {
        Objects.requireNonNull(incident, "incident");
        holds = List.copyOf(Objects.requireNonNull(holds, "holds"));
        Objects.requireNonNull(modulation, "modulation");
    }
}
