package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.incident.Escalation;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.governance.incident.Hold;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.ModulationTrace;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import ai.lukhas.pwm.modulation.StyleDeltas;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

final class InMemorySessionStore implements SessionStore {
    /** The last request's user and key: whose holds apply when the session is looked at between requests. */
    private record Activity(long incidents, Instant last, Optional<String> userId, String keyId) {}

    private final Escalation escalation;
    private final Clock clock;
    private final int maxSessions;
    // Access order, so the eldest entry is the least recently active session.
    private final LinkedHashMap<SessionKey, Activity> sessions;

    InMemorySessionStore(Escalation escalation, Clock clock, int maxSessions) {
        this.escalation = Objects.requireNonNull(escalation, "escalation");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, but was " + maxSessions);
        }
        this.maxSessions = maxSessions;
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SessionKey, Activity> eldest) {
                return size() > InMemorySessionStore.this.maxSessions;
            }
        };
    }

    @Override
    public synchronized void requestEnded(EscalationSubject subject, int incidents) {
        Objects.requireNonNull(subject, "subject");
        if (incidents < 0) {
            throw new IllegalArgumentException("incidents must be >= 0, but was " + incidents);
        }
        Activity before = sessions.get(subject.session());
        long total = (before == null ? 0 : before.incidents()) + incidents;
        sessions.put(subject.session(), new Activity(total, clock.instant(), subject.userId(), subject.keyId()));
    }

    @Override
    public List<SignalOutcome> record(SessionKey session, String keyId, List<SignalInput> signals) {
        Objects.requireNonNull(session, "session");
        Checks.notBlank(keyId, "keyId");
        List<SignalOutcome> outcomes = new ArrayList<>(signals.size());
        for (SignalInput s : signals) {
            outcomes.add(escalation.modulator().record(session, s));
        }
        synchronized (this) {
            // Activity like a request's, so the key's holds apply to the session between requests too.
            Activity before = sessions.get(session);
            sessions.put(
                    session,
                    before == null
                            ? new Activity(0, clock.instant(), Optional.empty(), keyId)
                            : new Activity(before.incidents(), clock.instant(), before.userId(), keyId));
        }
        return outcomes;
    }

    @Override
    public ModulationResult modulate(SessionKey session) {
        return escalation.modulate(subject(session), StyleDeltas.NONE);
    }

    @Override
    public List<Hold> holds(SessionKey session) {
        return escalation.holdsOn(subject(session));
    }

    @Override
    public List<Hold> release(SessionKey session) {
        EscalationSubject s = subject(session);
        return escalation.release(session, s.userId(), Optional.of(s.keyId()));
    }

    @Override
    public Optional<SessionSnapshot> snapshot(SessionKey session) {
        Objects.requireNonNull(session, "session");
        Activity a;
        synchronized (this) {
            a = sessions.get(session);
        }
        if (a == null) {
            return Optional.empty();
        }
        EscalationSubject subject = new EscalationSubject(session, a.userId(), a.keyId());
        List<Hold> holds = escalation.holdsOn(subject);
        return Optional.of(new SessionSnapshot(
                session,
                escalation
                        .modulator()
                        .modulate(session, StyleDeltas.NONE, Escalation.floor(holds))
                        .params()
                        .safetyMode(),
                escalation.modulator().signals(session).stream()
                        .filter(s -> s.status() == ModulationTrace.Status.ACTIVE)
                        .toList(),
                holds,
                a.incidents(),
                a.last(),
                a.userId()));
    }

    @Override
    public List<SessionSnapshot> find(String tenant, Optional<String> userId, int limit) {
        Checks.nonNull("tenant, userId", tenant, userId);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
        }
        List<SessionKey> matching = new ArrayList<>();
        synchronized (this) {
            // iteration is in access order (eldest first) and does not change it
            for (Map.Entry<SessionKey, Activity> e : sessions.entrySet()) {
                if (e.getKey().tenant().equals(tenant)
                        && userId.map(u -> e.getValue().userId().equals(Optional.of(u)))
                                .orElse(true)) {
                    matching.add(e.getKey());
                }
            }
        }
        List<SessionSnapshot> out = new ArrayList<>();
        for (int i = matching.size() - 1; i >= 0 && out.size() < limit; i--) {
            snapshot(matching.get(i)).ifPresent(out::add);
        }
        return out;
    }

    /** The session with the user and key of its last request (none remembered: no user, an unnamed key). */
    private EscalationSubject subject(SessionKey session) {
        Objects.requireNonNull(session, "session");
        Activity a;
        synchronized (this) {
            a = sessions.get(session);
        }
        return a == null
                ? new EscalationSubject(session, Optional.empty(), UNKNOWN_KEY)
                : new EscalationSubject(session, a.userId(), a.keyId());
    }

    /** A key id no API key has (ids are generated), so a session of unknown key matches no key hold. */
    private static final String UNKNOWN_KEY = "(none)";

    @Override
    public Map<SafetyMode, Integer> countByMode() {
        List<SessionKey> keys;
        synchronized (this) {
            keys = List.copyOf(sessions.keySet());
        }
        EnumMap<SafetyMode, Integer> counts = new EnumMap<>(SafetyMode.class);
        for (SafetyMode m : SafetyMode.values()) {
            counts.put(m, 0);
        }
        for (SessionKey key : keys) {
            counts.merge(modulate(key).params().safetyMode(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public synchronized int size() {
        return sessions.size();
    }
}
