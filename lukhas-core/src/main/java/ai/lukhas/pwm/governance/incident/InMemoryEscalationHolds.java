package ai.lukhas.pwm.governance.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Holds in a map by scope; expired ones are swept at most once a second of the callers' clock time. */
final class InMemoryEscalationHolds implements EscalationHolds {
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final Map<HoldScope, Hold> holds = new HashMap<>();
    private Instant nextSweep = Instant.MIN;

    @Override
    public synchronized void place(Hold hold) {
        Objects.requireNonNull(hold, "hold");
        sweep(hold.placedAt());
        holds.merge(
                hold.scope(),
                hold,
                (old, fresh) -> old.activeAt(fresh.placedAt()) && !fresh.until().isAfter(old.until()) ? old : fresh);
    }

    @Override
    public synchronized List<Hold> active(Collection<? extends HoldScope> scopes, Instant now) {
        Objects.requireNonNull(now, "now");
        List<Hold> out = new ArrayList<>(scopes.size());
        for (HoldScope scope : scopes) {
            Hold h = holds.get(scope);
            if (h != null && h.activeAt(now)) {
                out.add(h);
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<Hold> release(HoldScope scope, Instant now) {
        Objects.requireNonNull(scope, "scope");
        Hold h = holds.remove(scope);
        return h != null && h.activeAt(now) ? Optional.of(h) : Optional.empty();
    }

    @Override
    public synchronized int size() {
        return holds.size();
    }

    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        holds.values().removeIf(h -> !h.activeAt(now));
    }
}
