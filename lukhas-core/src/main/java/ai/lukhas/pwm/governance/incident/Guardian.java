package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.tools.ToolCallDecision;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.StyleDeltas;
import ai.lukhas.pwm.store.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Auto-tightening (safety invariant 5): on any incident, one call puts the escalation holds
 * ({@link Escalation#escalate}) on the incident's session (and its user and key, as configured), records
 * the incident, and re-modulates, so the parameters it returns (and every later modulation while the hold
 * lasts) are strict with the tool list rebuilt, whatever signals the client records afterwards. The holds
 * go first: if the incident store is broken, the session is still strict when the exception reaches the
 * caller.
 *
 * <pre>{@code
 * Guardian guardian = Guardian.create(incidentLog, escalation);
 * Optional<Tightening> t = guardian.onModeration(subject, "aud_1",
 *         moderator.toolOutput("open_url", page, preset), StyleDeltas.NONE);
 * }</pre>
 */
public final class Guardian {
    public static final String SIGNAL = "alignment_risk";

    private final IncidentLog incidents;
    private final Escalation escalation;

    private Guardian(IncidentLog incidents, Escalation escalation) {
        this.incidents = incidents;
        this.escalation = escalation;
    }

    /**
     * @throws IllegalArgumentException when the modulator's policy has no {@code alignment_risk} signal, since
     *     then a hold would have no strict caps to apply
     */
    public static Guardian create(IncidentLog incidents, Escalation escalation) {
        Checks.nonNull("incidents, escalation", incidents, escalation);
        Modulator modulator = escalation.modulator();
        if (!modulator.policy().signalNames().contains(SIGNAL)) {
            throw new IllegalArgumentException("the guardian needs a modulation policy with the signal '" + SIGNAL
                    + "', but the policy has " + modulator.policy().signalNames());
        }
        return new Guardian(incidents, escalation);
    }

    /** The holds this guardian places and the modulation that applies them. */
    public Escalation escalation() {
        return escalation;
    }

    /** Holds the subject's scopes, records the incident, and returns the re-modulated parameters. */
    public Tightening onIncident(EscalationSubject subject, IncidentReport report, StyleDeltas deltas) {
        Checks.nonNull("subject, report, deltas", subject, report, deltas);
        if (!report.sessionId().equals(subject.session().sessionId())) {
            throw new IllegalArgumentException("the report's session '" + report.sessionId()
                    + "' is not the subject's session '" + subject.session().sessionId() + "'");
        }
        List<Hold> holds = escalation.escalate(subject, report.auditId(), report.kind());
        Incident incident = incidents.record(TenantId.of(subject.session().tenant()), report);
        ModulationResult result = escalation.modulate(subject, deltas);
        return new Tightening(incident, holds, result);
    }

    /** For a tool call the gate blocked: the {@code blocked_tool} or {@code invalid_arguments} incident and the tightening. */
    public Tightening onBlockedCall(
            EscalationSubject subject, String auditId, ToolCallDecision.Blocked blocked, StyleDeltas deltas) {
        return onIncident(subject, IncidentReport.of(auditId, subject.session().sessionId(), blocked), deltas);
    }

    /**
     * For a blocking moderation outcome ({@code Flagged} or {@code ProviderFailed}): the matching incident and
     * the tightening; empty when the outcome passed.
     */
    public Optional<Tightening> onModeration(
            EscalationSubject subject, String auditId, ModerationOutcome outcome, StyleDeltas deltas) {
        return IncidentReport.of(auditId, subject.session().sessionId(), outcome)
                .map(report -> onIncident(subject, report, deltas));
    }
}
