package ai.lukhas.pwm.memory.dna;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The words a value is indexed under (its key and every string, number and boolean leaf) and the words of a query:
 * lower-cased runs of letters and digits, the same split as SQLite's unicode61 tokenizer with diacritics kept.
 */
final class SearchText {
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchText() {}

    static String body(String key, JsonNode value) {
        StringBuilder out = new StringBuilder(key);
        leaves(value, out);
        return out.toString();
    }

    private static void leaves(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                leaves(field.getValue(), out);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                leaves(item, out);
            }
        } else if (node.isValueNode() && !node.isNull()) {
            out.append(' ').append(node.asText());
        }
    }

    static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        for (String t : SEPARATORS.split(text.toLowerCase(Locale.ROOT))) {
            if (!t.isEmpty()) {
                terms.add(t);
            }
        }
        return terms;
    }
}
