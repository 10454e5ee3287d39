package ai.lukhas.pwm.memory.colony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Type checks the value's shape; certain of its verdict, so its confidence is 1. */
final class SchemaAgent implements ColonyAgent {
    static final String ID = "schema";

    private final Map<String, JsonNodeType> required;
    private final int maxBytes;

    SchemaAgent(Map<String, JsonNodeType> required, int maxBytes) {
        if (maxBytes < 2) {
            throw new IllegalArgumentException("maxBytes must be >= 2, but was " + maxBytes);
        }
        this.required = new TreeMap<>(required);
        this.maxBytes = maxBytes;
    }

    @Override
    public AgentOpinion assess(Proposal proposal) {
        JsonNode value = proposal.value();
        if (!value.isObject()) {
            return AgentOpinion.reject(ID, 1.0, "value must be a JSON object, but was " + name(value.getNodeType()));
        }
        JsonNode personal = value.get("_personal");
        if (personal != null && !personal.isBoolean()) {
            return AgentOpinion.reject(
                    ID, 1.0, "field '_personal' must be a boolean, but was " + name(personal.getNodeType()));
        }
        for (Map.Entry<String, JsonNodeType> field : required.entrySet()) {
            JsonNode actual = value.get(field.getKey());
            if (actual == null) {
                return AgentOpinion.reject(ID, 1.0, "required field '" + field.getKey() + "' is missing");
            }
            if (actual.getNodeType() != field.getValue()) {
                return AgentOpinion.reject(
                        ID,
                        1.0,
                        "field '" + field.getKey() + "' must be " + name(field.getValue()) + ", but was "
                                + name(actual.getNodeType()));
            }
        }
        int size = value.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            return AgentOpinion.reject(
                    ID, 1.0, "value must be at most " + maxBytes + " bytes of JSON, but was " + size);
        }
        return new AgentOpinion(ID, value, 1.0, "object with the required fields, " + size + " bytes");
    }

    private static String name(JsonNodeType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
