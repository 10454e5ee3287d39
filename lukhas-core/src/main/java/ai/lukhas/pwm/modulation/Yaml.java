package ai.lukhas.pwm.modulation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read with Jackson's streaming YAML parser into nodes that keep their line and
 * column, so every policy error can point at the exact place in the file.
 */
final class Yaml {
    private Yaml() {}

    record Loc(int line, int column) {}

    sealed interface Node permits MapNode, ListNode, Scalar {
        Loc loc();

        String describe();
    }

    record Entry(Loc keyLoc, Node value) {}

    record MapNode(Loc loc, Map<String, Entry> entries) implements Node {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record ListNode(Loc loc, List<Node> items) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar; {@code token} tells how YAML typed it (string, int, float, boolean, null). */
    record Scalar(Loc loc, String text, JsonToken token) implements Node {
        @Override
        public String describe() {
            return switch (token) {
                case VALUE_NULL -> "nothing (null)";
                case VALUE_STRING -> "the text '" + abbreviate(text) + "'";
                default -> "'" + text + "'";
            };
        }

        boolean isNumber() {
            return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
        }
    }

    static String abbreviate(String s) {
        String oneLine = s.replace("\n", "\\n");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    /** A YAML syntax problem at a location. */
    static final class SyntaxError extends Exception {
        final Loc loc;

        SyntaxError(Loc loc, String message) {
            super(message, null, false, false);
            this.loc = loc;
        }
    }

    static Node parse(String text) throws SyntaxError {
        YAMLFactory factory = YAMLFactory.builder().build();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new SyntaxError(
                        new Loc(1, 1),
                        "the policy is empty (expected a mapping with signals, defaults, bounds, maps and prompt_styles)");
            }
            Node root = read(p, first);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new SyntaxError(loc(p.currentTokenLocation()), "expected one YAML document, but found more");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            throw new SyntaxError(
                    l == null ? new Loc(1, 1) : loc(l),
                    "invalid YAML: " + msg.lines().findFirst().orElse(msg).strip());
        } catch (IOException e) {
            throw new SyntaxError(new Loc(1, 1), "invalid YAML: " + e.getMessage());
        } catch (RuntimeException e) {
            // SnakeYAML reports some malformed input (bad escapes, tabs) as unchecked exceptions.
            throw new SyntaxError(new Loc(1, 1), "invalid YAML: " + e.getMessage());
        }
    }

    private static Loc loc(JsonLocation l) {
        return new Loc(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static Node read(JsonParser p, JsonToken t) throws IOException, SyntaxError {
        Loc at = loc(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (next != JsonToken.FIELD_NAME) {
                        throw new SyntaxError(loc(p.currentTokenLocation()), "expected a key");
                    }
                    String key = p.currentName();
                    Loc keyLoc = loc(p.currentTokenLocation());
                    if (entries.containsKey(key)) {
                        throw new SyntaxError(
                                keyLoc,
                                "duplicate key '" + key + "' (first at line "
                                        + entries.get(key).keyLoc().line() + ")");
                    }
                    Node value = read(p, p.nextToken());
                    entries.put(key, new Entry(keyLoc, value));
                }
                return new MapNode(at, entries);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, next));
                }
                return new ListNode(at, items);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL:
                return new Scalar(at, p.getText() == null ? "" : p.getText(), t);
            default:
                throw new SyntaxError(at, "unsupported YAML content " + t);
        }
    }
}
