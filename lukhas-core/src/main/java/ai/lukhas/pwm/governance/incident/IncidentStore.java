package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.store.Database;
import java.util.List;

/**
 * Where incidents are kept. Appends are durable when they return (SQLite: committed with
 * {@code synchronous=FULL}). Implementations are thread-safe.
 *
 * <pre>{@code IncidentStore store = IncidentStore.sqlite(db); // migrates component "incidents"}</pre>
 */
public interface IncidentStore {
    /** Stores {@code incident}; an id that is already stored is a bug and throws. */
    void append(Incident incident);

    /**
     * Matching incidents with their positions, at most {@code query.limit()}: newest first (ties in recording
     * order, latest first), continuing before {@code query.before()} when given; with {@code query.after()},
     * those recorded after it, in recording order.
     */
    List<StoredIncident> listed(IncidentQuery query);

    /** Matching incidents, in the order of {@link #listed(IncidentQuery)}. */
    default List<Incident> list(IncidentQuery query) {
        return listed(query).stream().map(StoredIncident::incident).toList();
    }

    /** The position after the latest recorded incident ({@link IncidentCursor#START} when there is none). */
    IncidentCursor end();

    /** A store in this process's memory, for tests, benchmarks and embedding without a database. */
    static IncidentStore inMemory() {
        return new InMemoryIncidentStore();
    }

    /** The durable store in {@code db}; runs the {@code incidents} migrations first. */
    static IncidentStore sqlite(Database db) {
        return new SqlIncidentStore(db);
    }
}
