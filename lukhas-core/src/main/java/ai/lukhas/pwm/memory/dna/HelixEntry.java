package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One accepted version of a key, as kept in the helix's append-only history.
 *
 * <pre>{@code
 * HelixEntry e = helix.read(tenant, "user.42.tone").orElseThrow();
 * e.version(); e.strength(); e.recordedAt();
 * }</pre>
 *
 * @param checksum SHA-256 (hex) of the stored form: canonical JSON, or the ciphertext envelope
 * @param recordedAt when the helix accepted this version (from its clock; never decreases per key)
 */
public record HelixEntry(
        String key, long version, DnaValue value, double strength, JsonNode meta, String checksum, Instant recordedAt) {
    public HelixEntry {
        Checks.nonNull("key, value, meta, checksum, recordedAt", key, value, meta, checksum, recordedAt);
        meta = meta.deepCopy();
    }

    @Override
    public JsonNode meta() {
        return meta.deepCopy();
    }
}
