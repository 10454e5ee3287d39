package ai.lukhas.pwm.memory.colony;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A candidate memory the colony is asked about: write {@code value} as {@code version} of {@code key}.
 *
 * <pre>{@code
 * new Proposal("user.42.tone", mapper.readTree("{\"tone\":\"brief\"}"), 2);
 * }</pre>
 */
public record Proposal(String key, JsonNode value, long version) {
    public Proposal {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isBlank()) {
            throw new IllegalArgumentException("key must not be blank");
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, but was " + version);
        }
        value = value.deepCopy();
    }

    @Override
    public JsonNode value() {
        return value.deepCopy();
    }
}
