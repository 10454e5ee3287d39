package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.tools.ToolCallDecision;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import ai.lukhas.pwm.modulation.StyleDeltas;
import java.util.Objects;
import java.util.Optional;

/**
 * Auto-tightening (safety invariant 5): on any incident, one call records the {@code alignment_risk = 1.0}
 * signal (source {@code "guardian"}) for the session, records the incident, and re-modulates, so the
 * parameters it returns (and every later modulation while the signal lives, the policy's ttl) are strict with
 * the tool list rebuilt. The signal goes first: if the incident store is broken, the session is still strict
 * when the exception reaches the caller.
 *
 * <pre>{@code
 * Guardian guardian = Guardian.create(incidentLog, modulator);
 * Optional<Tightening> t = guardian.onModeration("aud_1", "s1", moderator.toolOutput("open_url", page, preset),
 *         StyleDeltas.NONE);
 * }</pre>
 */
public final class Guardian {
    public static final String SIGNAL = "alignment_risk";
    public static final String SOURCE = "guardian";
    private static final SignalInput MAX_RISK = new SignalInput(SIGNAL, 1.0, Optional.empty(), SOURCE);

    private final IncidentLog incidents;
    private final Modulator modulator;

    private Guardian(IncidentLog incidents, Modulator modulator) {
        this.incidents = incidents;
        this.modulator = modulator;
    }

    /**
     * @throws IllegalArgumentException when the modulator's policy has no {@code alignment_risk} signal, since
     *     then no incident could tighten anything
     */
    public static Guardian create(IncidentLog incidents, Modulator modulator) {
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(modulator, "modulator");
        if (!modulator.policy().signalNames().contains(SIGNAL)) {
            throw new IllegalArgumentException("the guardian needs a modulation policy with the signal '" + SIGNAL
                    + "', but the policy has " + modulator.policy().signalNames());
        }
        return new Guardian(incidents, modulator);
    }

    /** Tightens the incident's session, records the incident, and returns the re-modulated parameters. */
    public Tightening onIncident(IncidentReport report, StyleDeltas deltas) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(deltas, "deltas");
        SignalOutcome signal = modulator.record(report.sessionId(), MAX_RISK);
        if (signal instanceof SignalOutcome.Rejected rejected) {
            // create() checked the policy knows the signal, so this is a bug in the modulator
            throw new IllegalStateException("the modulator rejected " + SIGNAL + "=1.0: " + rejected.reason());
        }
        Incident incident = incidents.record(report);
        ModulationResult result = modulator.modulate(report.sessionId(), deltas);
        return new Tightening(incident, signal, result);
    }

    /** {@link #onIncident(IncidentReport, StyleDeltas)} without feedback deltas. */
    public Tightening onIncident(IncidentReport report) {
        return onIncident(report, StyleDeltas.NONE);
    }

    /** For a tool call the gate blocked: the {@code blocked_tool} or {@code invalid_arguments} incident and the tightening. */
    public Tightening onBlockedCall(
            String auditId, String sessionId, ToolCallDecision.Blocked blocked, StyleDeltas deltas) {
        return onIncident(IncidentReport.of(auditId, sessionId, blocked), deltas);
    }

    /**
     * For a blocking moderation outcome ({@code Flagged} or {@code ProviderFailed}): the matching incident and
     * the tightening; empty when the outcome passed.
     */
    public Optional<Tightening> onModeration(
            String auditId, String sessionId, ModerationOutcome outcome, StyleDeltas deltas) {
        return IncidentReport.of(auditId, sessionId, outcome).map(report -> onIncident(report, deltas));
    }
}
