package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One embeddings request in provider terms: the model and the texts to embed (1 to {@value #MAX_INPUTS}).
 *
 * <pre>{@code new EmbeddingRequest("text-embedding-3-small", List.of("tides", "moon"), Map.of())}</pre>
 *
 * @param passThrough fields sent unchanged: only {@link #PASS_THROUGH} ({@code dimensions},
 *     {@code encoding_format}, {@code user})
 */
public record EmbeddingRequest(String model, List<String> input, Map<String, JsonNode> passThrough) {
    /** The most texts one request may embed (OpenAI's limit). */
    public static final int MAX_INPUTS = 2048;

    public static final Set<String> PASS_THROUGH = Set.of("dimensions", "encoding_format", "user");

    public EmbeddingRequest {
        Checks.notBlank(model, "model");
        input = List.copyOf(Objects.requireNonNull(input, "input"));
        if (input.isEmpty() || input.size() > MAX_INPUTS) {
            throw new IllegalArgumentException(
                    "input must hold 1 to " + MAX_INPUTS + " texts, but held " + input.size());
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        Objects.requireNonNull(passThrough, "passThrough").forEach((k, v) -> {
            if (!PASS_THROUGH.contains(k)) {
                throw new IllegalArgumentException(
                        "'" + k + "' is not a pass-through field; those are " + PASS_THROUGH);
            }
            fields.put(k, Objects.requireNonNull(v, k).deepCopy());
        });
        passThrough = Collections.unmodifiableMap(fields);
    }

    /** Whether the client asked for base64-encoded vectors ({@code encoding_format: base64}). */
    public boolean base64() {
        JsonNode f = passThrough.get("encoding_format");
        return f != null && "base64".equals(f.asText());
    }
}
