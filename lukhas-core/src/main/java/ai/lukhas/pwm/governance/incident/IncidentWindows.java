package ai.lukhas.pwm.governance.incident;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts incidents per API key over a sliding window, for the {@code key} escalation scope. Entries
 * older than the window are forgotten, so the size is bounded by the incidents of one window.
 * Thread-safe; a store shared by several replicas implements the same contract.
 *
 * <pre>{@code
 * int n = windows.recordAndCount("key_01", clock.instant(), Duration.ofMinutes(10));
 * }</pre>
 */
public interface IncidentWindows {
    /** Records one incident of {@code keyId} at {@code at}; returns how many it has had in {@code (at - window, at]}. */
    int recordAndCount(String keyId, Instant at, Duration window);

    /** Counts in this process's memory. */
    static IncidentWindows inMemory() {
        return new InMemoryIncidentWindows();
    }
}
