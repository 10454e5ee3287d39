package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.store.TenantId;
import java.time.Instant;

/** One stored version, as both stores keep it. */
record Row(
        TenantId tenant,
        String key,
        long version,
        StoredValue stored,
        double strength,
        String metaJson,
        String checksum,
        Instant recordedAt) {}
