package ai.lukhas.pwm.governance.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a client-supplied tool schema before it is compiled, so a malformed one is the client's
 * error (a 400 naming the place) and never an internal one: every subschema must be an object or a
 * boolean, {@code type} must name JSON Schema types, {@code required} must list strings, a
 * {@code $ref} may point only inside the document ({@code #...}) and {@code $schema}, when given,
 * must be a JSON Schema dialect the validator knows. Nesting is limited to {@value #MAX_DEPTH}.
 *
 * <pre>{@code
 * ToolSchemas.problem(schema); // Optional[".properties.a must be a schema (an object or boolean), but was a string"]
 * }</pre>
 */
public final class ToolSchemas {
    /** Deepest nesting of subschemas accepted. */
    public static final int MAX_DEPTH = 32;

    private static final Set<String> TYPES =
            Set.of("object", "array", "string", "number", "integer", "boolean", "null");
    private static final Set<String> DIALECTS = Set.of(
            "https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2019-09/schema",
            "http://json-schema.org/draft-07/schema",
            "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-04/schema");
    /** Keywords whose value is one subschema. */
    private static final Set<String> ONE = Set.of(
            "items",
            "additionalProperties",
            "not",
            "contains",
            "if",
            "then",
            "else",
            "propertyNames",
            "unevaluatedProperties",
            "unevaluatedItems",
            "additionalItems");
    /** Keywords whose value is an object of subschemas. */
    private static final Set<String> MAP =
            Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");
    /** Keywords whose value is an array of subschemas. */
    private static final Set<String> LIST = Set.of("allOf", "anyOf", "oneOf", "prefixItems");

    private ToolSchemas() {}

    /** The first problem of {@code schema}, as "{@code <path> <what is wrong>}", or empty when it can be compiled. */
    public static Optional<String> problem(JsonNode schema) {
        if (!schema.isObject()) {
            return Optional.of("must be a JSON Schema object");
        }
        Optional<String> p = check(schema, "", 0);
        if (p.isPresent()) {
            return p;
        }
        try {
            ToolRegistry.Builder.compile(ToolRegistry.schemaRegistry(), ToolDefinition.of("schema_check", "", schema));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("is not a valid JSON Schema: " + e.getMessage());
        }
    }

    private static Optional<String> check(JsonNode s, String path, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.of(at(path) + " nests deeper than " + MAX_DEPTH + " levels");
        }
        if (s.isBoolean()) {
            return Optional.empty();
        }
        if (!s.isObject()) {
            return Optional.of(at(path) + " must be a schema (an object or boolean), but was " + kind(s));
        }
        for (Map.Entry<String, JsonNode> e : s.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            String here = path + "." + key;
            Optional<String> p =
                    switch (key) {
                        case "$ref", "$dynamicRef" ->
                            v.isTextual() && v.textValue().startsWith("#")
                                    ? Optional.empty()
                                    : Optional.of(here + " must point inside the schema ('#/...'), but was "
                                            + (v.isTextual() ? "'" + abbreviate(v.textValue()) + "'" : kind(v))
                                            + "; the gateway never fetches remote schemas");
                        case "$schema" ->
                            depth == 0 && v.isTextual() && DIALECTS.contains(stripHash(v.textValue()))
                                    ? Optional.empty()
                                    : Optional.of(here + " must be one of "
                                            + DIALECTS.stream().sorted().toList()
                                            + " (at the top level only), but was "
                                            + (v.isTextual() ? "'" + abbreviate(v.textValue()) + "'" : kind(v)));
                        case "$id" ->
                            Optional.of(here + " is not accepted in a tool schema (it would change how $ref resolves)");
                        case "type" -> type(v, here);
                        case "required" -> strings(v, here);
                        default -> Optional.empty();
                    };
            if (p.isEmpty() && ONE.contains(key)) {
                p = key.equals("items") && v.isArray() ? each(v, here, depth) : check(v, here, depth + 1);
            } else if (p.isEmpty() && MAP.contains(key)) {
                p = v.isObject()
                        ? members(v, here, depth)
                        : Optional.of(here + " must be an object of schemas, but was " + kind(v));
            } else if (p.isEmpty() && LIST.contains(key)) {
                p = v.isArray()
                        ? each(v, here, depth)
                        : Optional.of(here + " must be an array of schemas, but was " + kind(v));
            }
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> members(JsonNode v, String path, int depth) {
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            Optional<String> p = check(e.getValue(), path + "." + e.getKey(), depth + 1);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> each(JsonNode v, String path, int depth) {
        for (int i = 0; i < v.size(); i++) {
            Optional<String> p = check(v.get(i), path + "[" + i + "]", depth + 1);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> type(JsonNode v, String path) {
        if (v.isTextual() && TYPES.contains(v.textValue())) {
            return Optional.empty();
        }
        if (v.isArray() && !v.isEmpty()) {
            for (JsonNode t : v) {
                if (!t.isTextual() || !TYPES.contains(t.textValue())) {
                    return Optional.of(path + " must name JSON Schema types "
                            + TYPES.stream().sorted().toList() + ", but held " + kind(t));
                }
            }
            return Optional.empty();
        }
        return Optional.of(path + " must be one of " + TYPES.stream().sorted().toList()
                + " or an array of them, but was " + kind(v));
    }

    private static Optional<String> strings(JsonNode v, String path) {
        if (!v.isArray()) {
            return Optional.of(path + " must be an array of property names, but was " + kind(v));
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                return Optional.of(path + " must hold only strings, but held " + kind(e));
            }
        }
        return Optional.empty();
    }

    private static String at(String path) {
        return path.isEmpty() ? "the schema" : path;
    }

    private static String stripHash(String uri) {
        return uri.endsWith("#") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "the string '" + abbreviate(n.textValue()) + "'";
            case NUMBER -> "the number " + n.asText();
            case BOOLEAN -> n.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
