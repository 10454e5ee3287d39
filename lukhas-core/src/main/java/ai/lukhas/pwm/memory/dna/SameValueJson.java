package ai.lukhas.pwm.memory.dna;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text under which two JSON values that mean the same are equal: object members sorted by name,
 * no whitespace, numbers in their shortest exact decimal form (so {@code 1}, {@code 1.0} and
 * {@code 1e0} are the same value). Two values are "the same" for the helix's version rules, the
 * colony's votes and the legacy shadow-read comparison when these texts are equal; the helix also
 * stores an entry's metadata in this form, so the form must not change.
 *
 * <p>Deliberately not the audit log's canonical form ({@code ai.lukhas.pwm.audit.CanonicalJson}):
 * that one keeps {@code 1} and {@code 1.0} apart, because a stored audit line must come back byte
 * for byte when parsed and written again (that is how the hash chain proves a line was not edited).
 * Here values are compared by meaning, so number spellings must collapse. One class cannot do both.
 *
 * <pre>{@code
 * SameValueJson.of(mapper.readTree("{\"b\":1.0,\"a\":[true]}")); // {"a":[true],"b":1}
 * }</pre>
 */
public final class SameValueJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SameValueJson() {}

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
