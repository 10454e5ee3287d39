package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.check.Checks;
import java.time.Instant;

/**
 * What a {@link HelixMemory#write} did. When the write was not applied ({@code upserted == false}),
 * version, strength, checksum and recordedAt describe the key's current version instead.
 *
 * <pre>{@code
 * WriteReceipt r = helix.write(tenant, "k", value, 3, 0.8);
 * if (r.outcome() == WriteReceipt.Outcome.STALE) log.info("current is v{}", r.version());
 * }</pre>
 */
public record WriteReceipt(
        String key,
        long version,
        double strength,
        boolean upserted,
        String checksum,
        Instant recordedAt,
        Outcome outcome) {

    /** The version rule that applied. */
    public enum Outcome {
        /** A new current version was appended to the history. */
        WRITTEN,
        /** Same version and same value as the current one: nothing to do. */
        IDEMPOTENT,
        /** Lower than the current version: not applied. */
        STALE,
        /** Same version as the current one with a different value: not applied, nothing overwritten. */
        CONFLICT
    }

    public WriteReceipt {
        Checks.nonNull("key, checksum, recordedAt, outcome", key, checksum, recordedAt, outcome);
        if (upserted != (outcome == Outcome.WRITTEN)) {
            throw new IllegalArgumentException(
                    "upserted must be true exactly for WRITTEN, but was " + upserted + " for " + outcome);
        }
    }
}
