package ai.lukhas.pwm.governance.incident;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where escalation holds are kept: at most one per scope, the one that lasts longest. A hold is gone
 * only when it has expired or an admin released it: implementations bound their size by expiry, never
 * by evicting an active hold. Thread-safe. A store shared by several replicas (PostgreSQL) implements
 * the same contract.
 *
 * <pre>{@code
 * EscalationHolds holds = EscalationHolds.inMemory();
 * holds.place(hold);
 * holds.active(List.of(new HoldScope.Session(key)), clock.instant());
 * }</pre>
 */
public interface EscalationHolds {
    /** Stores {@code hold}; when its scope already has an active hold, the one that ends later is kept. */
    void place(Hold hold);

    /** The holds on any of {@code scopes} that are active at {@code now}. */
    List<Hold> active(Collection<? extends HoldScope> scopes, Instant now);

    /** Removes the hold on {@code scope}; returns it when it was active at {@code now}. */
    Optional<Hold> release(HoldScope scope, Instant now);

    /** How many holds are stored (expired ones may linger until the next sweep). */
    int size();

    /** Holds in this process's memory; expired holds are swept as holds are placed. */
    static EscalationHolds inMemory() {
        return new InMemoryEscalationHolds();
    }
}
