package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.modulation.ModulationTrace;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SafetyMode;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

final class InMemorySessionStore implements SessionStore {
    private record Activity(long incidents, Instant last) {}

    private final Modulator modulator;
    private final Clock clock;
    private final int maxSessions;
    // Access order, so the eldest entry is the least recently active session.
    private final LinkedHashMap<String, Activity> sessions;

    InMemorySessionStore(Modulator modulator, Clock clock, int maxSessions) {
        this.modulator = Objects.requireNonNull(modulator, "modulator");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, but was " + maxSessions);
        }
        this.maxSessions = maxSessions;
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Activity> eldest) {
                return size() > InMemorySessionStore.this.maxSessions;
            }
        };
    }

    @Override
    public synchronized void requestEnded(String sessionId, int incidents) {
        Checks.notBlank(sessionId, "sessionId");
        if (incidents < 0) {
            throw new IllegalArgumentException("incidents must be >= 0, but was " + incidents);
        }
        Activity before = sessions.get(sessionId);
        long total = (before == null ? 0 : before.incidents()) + incidents;
        sessions.put(sessionId, new Activity(total, clock.instant()));
    }

    @Override
    public Optional<SessionSnapshot> snapshot(String sessionId) {
        Checks.notBlank(sessionId, "sessionId");
        Activity a;
        synchronized (this) {
            a = sessions.get(sessionId);
        }
        if (a == null) {
            return Optional.empty();
        }
        return Optional.of(new SessionSnapshot(
                sessionId,
                modulator.modulate(sessionId).params().safetyMode(),
                modulator.signals(sessionId).stream()
                        .filter(s -> s.status() == ModulationTrace.Status.ACTIVE)
                        .toList(),
                a.incidents(),
                a.last()));
    }

    @Override
    public Map<SafetyMode, Integer> countByMode() {
        List<String> ids;
        synchronized (this) {
            ids = List.copyOf(sessions.keySet());
        }
        EnumMap<SafetyMode, Integer> counts = new EnumMap<>(SafetyMode.class);
        for (SafetyMode m : SafetyMode.values()) {
            counts.put(m, 0);
        }
        for (String id : ids) {
            counts.merge(modulator.modulate(id).params().safetyMode(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public synchronized int size() {
        return sessions.size();
    }
}
