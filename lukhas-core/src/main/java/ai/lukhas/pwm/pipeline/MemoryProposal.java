package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A memory the client proposes during a request: the pipeline asks its colony about it after the
 * final output passed moderation, and writes it to DNA only if the decision's strength reaches
 * {@code 1 − memory_write} (the request's modulated eagerness to remember).
 *
 * <pre>{@code
 * new MemoryProposal("user.42.tone", mapper.readTree("{\"tone\":\"brief\"}"));
 * }</pre>
 */
public record MemoryProposal(String key, JsonNode value) {
    public MemoryProposal {
        Checks.notBlank(key, "memory key");
        Objects.requireNonNull(value, "value");
        if (value.isMissingNode()) {
            throw new IllegalArgumentException("memory value of '" + key + "' must be JSON, but was missing");
        }
        value = value.deepCopy();
    }

    @Override
    public JsonNode value() {
        return value.deepCopy();
    }
}
