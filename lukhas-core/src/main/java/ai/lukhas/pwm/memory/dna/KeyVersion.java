package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.check.Checks;
import java.time.Instant;

/**
 * A key of a tenant's helix with its current version and when that was recorded.
 *
 * <pre>{@code helix.keys(acme, "project.", Optional.empty(), 100); // [KeyVersion[key=project.x, version=3, ...]]}</pre>
 */
public record KeyVersion(String key, long version, Instant recordedAt) {
    public KeyVersion {
        Checks.nonNull("key, recordedAt", key, recordedAt);
    }
}
