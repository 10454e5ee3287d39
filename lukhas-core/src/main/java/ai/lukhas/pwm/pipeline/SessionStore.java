package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.governance.incident.Escalation;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.governance.incident.Hold;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-session state of the gateway, every session identified by its {@link SessionKey} (tenant and id):
 * signals and cooldowns live in the {@link Modulator}, escalation holds in the {@link Escalation}'s store;
 * this store adds what the pipeline observes — incident count, last activity, the user and key of the
 * last request — and is the one place outside a request that records a session's signals and modulates
 * it (always with its escalation holds applied).
 *
 * <pre>{@code
 * SessionStore sessions = SessionStore.inMemory(escalation, clock, 100_000);
 * sessions.snapshot(SessionKey.of("acme", "s-1")); // Optional[SessionSnapshot[..., safetyMode=STRICT, ...]]
 * }</pre>
 */
public interface SessionStore {
    /** Records that a request of the subject's session ended, with the number of incidents it recorded. */
    void requestEnded(EscalationSubject subject, int incidents);

    /**
     * Records client signals for the session outside a request ({@code POST /v1/sessions/{id}/signals}),
     * under {@code keyId} (it counts as the session's activity, with that key). Holds still apply: the
     * result of {@link #modulate} after this is never looser than the strict caps while one does.
     */
    List<SignalOutcome> record(SessionKey session, String keyId, List<SignalInput> signals);

    /** The session's parameters now, with the holds on it (and on its last user and key) applied. */
    ModulationResult modulate(SessionKey session);

    /** The holds that apply to the session now (its own, its last user's and key's), longest first. */
    List<Hold> holds(SessionKey session);

    /**
     * An admin's release: removes the session's hold and the user and key holds that incidents in this
     * session placed; returns what was released.
     */
    List<Hold> release(SessionKey session);

    /** The session as it is now; empty when it has made no request this store still remembers. */
    Optional<SessionSnapshot> snapshot(SessionKey session);

    /**
     * The sessions of {@code tenant} the store holds, most recently active first, at most {@code limit};
     * with {@code userId}, only those whose last request named that user.
     */
    List<SessionSnapshot> find(String tenant, Optional<String> userId, int limit);

    /** How many sessions the store holds. */
    int size();

    /** How many of the held sessions are in each safety mode now (every mode present, maybe 0). */
    Map<SafetyMode, Integer> countByMode();

    /**
     * An in-process store remembering the activity of at most {@code maxSessions} sessions; beyond that
     * the least recently active one's activity is forgotten. Forgetting never moves state to another
     * session and never ends a hold: holds live in the escalation's store until they expire.
     */
    static SessionStore inMemory(Escalation escalation, Clock clock, int maxSessions) {
        return new InMemorySessionStore(escalation, clock, maxSessions);
    }
}
