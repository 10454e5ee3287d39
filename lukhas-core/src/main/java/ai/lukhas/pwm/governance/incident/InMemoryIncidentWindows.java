package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** Per key, the instants of its incidents within the window; keys whose window is empty are dropped. */
final class InMemoryIncidentWindows implements IncidentWindows {
    private final Map<String, ArrayDeque<Instant>> byKey = new HashMap<>();
    private Instant nextSweep = Instant.MIN;

    @Override
    public synchronized int recordAndCount(String keyId, Instant at, Duration window) {
        Checks.nonNull("keyId, at, window", keyId, at, window);
        Instant horizon = at.minus(window);
        if (!at.isBefore(nextSweep)) {
            nextSweep = at.plus(window);
            byKey.values().removeIf(q -> {
                prune(q, horizon);
                return q.isEmpty();
            });
        }
        ArrayDeque<Instant> q = byKey.computeIfAbsent(keyId, k -> new ArrayDeque<>());
        prune(q, horizon);
        q.addLast(at);
        return q.size();
    }

    private static void prune(ArrayDeque<Instant> q, Instant horizon) {
        while (!q.isEmpty() && !q.peekFirst().isAfter(horizon)) {
            q.removeFirst();
        }
    }
}
