package ai.lukhas.pwm.server.stats;

import ai.lukhas.pwm.governance.incident.IncidentKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Counters behind the dashboard overview, fed as things happen and read as one {@link Overview}. An
 * implementation keeps per-minute windows on an injected clock; the in-memory one is bounded (one day of
 * minutes). A shared store (several replicas) would implement the same interface.
 *
 * <pre>{@code
 * OverviewStats stats = OverviewStats.inMemory(clock);
 * stats.requestEnded(Duration.ofNanos(180_000), false);
 * stats.overview().requestsLastHour(); // 1
 * }</pre>
 */
public interface OverviewStats {
    /** One governed request ended; {@code added} is the gateway's own time (total minus waiting on the model). */
    void requestEnded(Duration added, boolean failed);

    /** An incident of {@code kind} was recorded. */
    void incident(IncidentKind kind);

    /** The gate refused a call of {@code tool} (not offered or unknown). */
    void toolBlocked(String tool);

    /** A model call failed with {@code type} ({@code http_<status>}, {@code transport}, ...). */
    void providerError(String type);

    /** The audit chain was verified at {@code at}. */
    void verified(Instant at, boolean intact, long records);

    /** What the counters say now. */
    Overview overview();

    /** Counters in this process's memory, windows on {@code clock}. */
    static OverviewStats inMemory(Clock clock) {
        return new InMemoryOverviewStats(clock);
    }
}
