package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function the model may call: its name, a description for the model, and the JSON Schema of
 * its arguments. The schema is copied on the way in and out, so the definition stays immutable.
 *
 * <pre>{@code
 * ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(
 *         "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}");
 * new FunctionDefinition("retrieve_knowledge", "Search the knowledge base.", schema);
 * }</pre>
 */
public record FunctionDefinition(String name, String description, ObjectNode parameters) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public FunctionDefinition {
        Objects.requireNonNull(name, "tool name must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "tool name must match [A-Za-z0-9_-]{1,64} (the OpenAI function name rule), but was \"" + name
                            + "\"");
        }
        Objects.requireNonNull(description, "tool description must not be null (use \"\")");
        Objects.requireNonNull(parameters, "tool parameters schema must not be null");
        parameters = parameters.deepCopy();
    }

    /** A copy of the arguments' JSON Schema. */
    @Override
    public ObjectNode parameters() {
        return parameters.deepCopy();
    }

    /**
     * The arguments' JSON Schema itself, not a copy: only for an upstream request body, which is
     * serialized and dropped and never changed ({@link UpstreamWire#function}; a copy per offered
     * tool and model call was ~5 % of the gateway's bytes with five tools offered).
     */
    ObjectNode schema() {
        return parameters;
    }

    /**
     * The name of the first {@code required} property of the schema, else of its first property,
     * else empty; the offline provider puts a bare value there.
     */
    String primaryParameter() {
        JsonNode required = parameters.path("required");
        if (required.isArray() && !required.isEmpty() && required.get(0).isTextual()) {
            return required.get(0).asText();
        }
        JsonNode props = parameters.path("properties");
        if (props.isObject() && props.size() > 0) {
            return props.fieldNames().next();
        }
        return "";
    }
}
