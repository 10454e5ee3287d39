package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SafetyMode;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Per-session state of the gateway: signals, cooldowns and auto-tightening live in the
 * {@link Modulator} (it keeps them per session with idle expiry); this store adds what the pipeline
 * observes — incident count and last activity — and exposes one snapshot per session.
 *
 * <pre>{@code
 * SessionStore sessions = SessionStore.inMemory(modulator, clock, 100_000);
 * sessions.snapshot("s-1"); // Optional[SessionSnapshot[sessionId=s-1, safetyMode=STRICT, ...]]
 * }</pre>
 */
public interface SessionStore {
    /** Records that a request of the session ended, with the number of incidents it recorded. */
    void requestEnded(String sessionId, int incidents);

    /** The session as it is now; empty when it has made no request this store still remembers. */
    Optional<SessionSnapshot> snapshot(String sessionId);

    /** How many sessions the store holds. */
    int size();

    /** How many of the held sessions are in each safety mode now (every mode present, maybe 0). */
    Map<SafetyMode, Integer> countByMode();

    /**
     * An in-process store holding at most {@code maxSessions} sessions; beyond that the least
     * recently active one is forgotten (its signals stay in the modulator until they expire).
     */
    static SessionStore inMemory(Modulator modulator, Clock clock, int maxSessions) {
        return new InMemorySessionStore(modulator, clock, maxSessions);
    }
}
