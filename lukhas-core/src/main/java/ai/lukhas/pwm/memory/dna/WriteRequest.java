package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One write of a {@link HelixMemory#writeAll} batch (the arguments of {@link HelixMemory#write}).
 *
 * <pre>{@code
 * helix.writeAll(tenant, List.of(new WriteRequest("k1", v1, 1, 0.8, meta), new WriteRequest("k2", v2, 1, 0.8, meta)));
 * }</pre>
 */
public record WriteRequest(String key, JsonNode value, long version, double strength, JsonNode meta) {
    public WriteRequest {
        Checks.nonNull("key, value, meta", key, value, meta);
        value = value.deepCopy();
        meta = meta.deepCopy();
    }

    @Override
    public JsonNode value() {
        return value.deepCopy();
    }

    @Override
    public JsonNode meta() {
        return meta.deepCopy();
    }
}
