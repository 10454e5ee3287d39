package ai.lukhas.pwm.memory.dna;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical text of a JSON value: object members sorted by name, no whitespace, numbers in their
 * shortest exact decimal form (so {@code 1}, {@code 1.0} and {@code 1e0} are the same value). Two
 * values are "the same" for the helix's version rules and the colony's votes when their canonical
 * texts are equal.
 *
 * <pre>{@code
 * CanonicalJson.of(mapper.readTree("{\"b\":1.0,\"a\":[true]}")); // {"a":[true],"b":1}
 * }</pre>
 */
public final class CanonicalJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CanonicalJson() {}

    /** The canonical text of {@code value}. */
    public static String of(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quote(fields.get(i).getKey())).append(':');
                write(fields.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            BigDecimal d = node.decimalValue().stripTrailingZeros();
            out.append(
                    d.scale() <= 0 && d.precision() - d.scale() <= 30
                            ? d.toBigInteger().toString()
                            : d.toString());
        } else if (node.isTextual()) {
            out.append(quote(node.textValue()));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else {
            // binary or POJO nodes do not come from parsed JSON; fall back to Jackson's text form
            out.append(node.toString());
        }
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Java string always serialises", e);
        }
    }
}
