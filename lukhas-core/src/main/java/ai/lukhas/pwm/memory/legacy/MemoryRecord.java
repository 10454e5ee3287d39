package ai.lukhas.pwm.memory.legacy;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.memory.dna.DnaValue;

/**
 * A memory as {@link MemoryRouter#read} returns it, from whichever store is primary.
 *
 * <pre>{@code
 * router.read("user.42.tone").map(MemoryRecord::source); // Optional[LEGACY] before cutover
 * }</pre>
 */
public record MemoryRecord(String key, DnaValue value, long version, double strength, Source source) {
    /** Which store answered. */
    public enum Source {
        LEGACY,
        DNA
    }

    public MemoryRecord {
        Checks.nonNull("key, value, source", key, value, source);
    }
}
