package ai.lukhas.pwm.memory.legacy;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of the legacy store: {@code {"key", "value", "version", "strength", "meta"}}.
 *
 * <pre>{@code
 * new LegacyRecord("user.42.tone", value, 3, 0.8, JsonNodeFactory.instance.objectNode());
 * }</pre>
 */
public record LegacyRecord(String key, JsonNode value, long version, double strength, JsonNode meta) {
    public LegacyRecord {
        Checks.notBlank(key, "key");
        Checks.nonNull("value, meta", value, meta);
        Checks.notNegative(version, "version");
        if (!Double.isFinite(strength)) {
            throw new IllegalArgumentException("strength must be a finite number, but was " + strength);
        }
        if (!meta.isObject()) {
            throw new IllegalArgumentException("meta must be a JSON object, but was " + meta.getNodeType());
        }
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
