package ai.lukhas.pwm.memory.dna;

import java.time.Instant;

/** One stored version, as both stores keep it. */
record Row(
        String key,
        long version,
        StoredValue stored,
        double strength,
        String metaJson,
        String checksum,
        Instant recordedAt) {}
