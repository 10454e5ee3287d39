package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.provider.JsonBuffers;
import ai.lukhas.pwm.server.http.Exchange;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Strict reading of request bodies: one JSON object, no duplicate keys, no trailing tokens, no
 * NaN/Infinity literals, no unknown fields. Every problem names the field (as a JSON path such as
 * {@code signals[0].level}), what was expected and what was given; syntax and type problems are 400,
 * values out of range 422.
 */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // requests run on virtual threads that live for one request: Jackson's default
                    // per-thread buffer pool would allocate fresh parser and generator buffers for each
                    .recyclerPool(JsonBuffers.pool())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Json() {}

    /** The body as a JSON object, or 400 naming what is wrong with it. */
    static ObjectNode object(Context ctx) {
        return object(decoded(ctx::body));
    }

    /**
     * The request's body as a JSON object, or 400 naming what is wrong with it. An ASCII body declared
     * UTF-8 (nearly every one) is parsed from its bytes, without a decoded copy; anything else, and
     * any body that does not parse to an object that way, is read as text as before, so every answer
     * and error (positions count characters) is the text reading's.
     */
    static ObjectNode object(Exchange ex) {
        return object(ex.utf8Body(), () -> decoded(ex::body));
    }

    /** {@link #object(Exchange)} on a body's UTF-8 bytes (when declared so) and its decoded text. */
    static ObjectNode object(Optional<byte[]> utf8, Supplier<String> text) {
        if (utf8.isPresent() && isAscii(utf8.get())) {
            try {
                if (MAPPER.readTree(utf8.get()) instanceof ObjectNode o) {
                    return o;
                }
            } catch (IOException e) {
                // read as text below, for the text reading's error
            }
        }
        return object(text.get());
    }

    /**
     * ASCII without NUL: a byte parser detects UTF-16 and UTF-32 from the NULs of their ASCII characters
     * ({@code 00 7B 00 7D} reads as <code>{}</code>), which the text reading sees as control characters.
     */
    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The body as text. Decoding follows the Content-Type's {@code charset}, which the request screen
     * checks only when a body is announced: a client can still name an unknown or malformed charset on an
     * empty body, and that is the client's error (415), not the gateway's.
     */
    private static String decoded(Supplier<String> body) {
        try {
            return body.get();
        } catch (IllegalCharsetNameException e) {
            throw undecodable(e.getCharsetName());
        } catch (UnsupportedCharsetException e) {
            throw undecodable(e.getCharsetName());
        }
    }

    private static ProblemException undecodable(String charset) {
        return new ProblemException(Problem.of(
                415,
                "Unsupported media type",
                "the Content-Type names the charset '" + abbreviate(String.valueOf(charset))
                        + "', which the gateway cannot decode (JSON is UTF-8; send charset=utf-8 or none)"));
    }

    static ObjectNode object(String body) {
        if (body.isBlank()) {
            throw badRequest("the request body is empty; send a JSON object", List.of());
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw badRequest("the request body is not valid JSON" + where + ": " + e.getOriginalMessage(), List.of());
        }
        if (!(node instanceof ObjectNode o)) {
            throw badRequest(
                    "the request body must be a JSON object, but was " + describe(node),
                    List.of(new Problem.FieldError("$", "must be an object")));
        }
        return o;
    }

    static ProblemException badRequest(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of(400, "Invalid request", detail).withErrors(errors));
    }

    static ProblemException unprocessable(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of(422, "Invalid value", detail).withErrors(errors));
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        return switch (n.getNodeType()) {
            case STRING -> "the string \"" + abbreviate(n.textValue()) + "\"";
            case NUMBER -> "the number " + n.asText();
            case BOOLEAN -> n.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /**
     * One JSON object being read: collects type errors (400) and value errors (422) so one answer lists
     * them all; {@link #finish()} throws when there are any.
     */
    static final class Reader {
        private final ObjectNode node;
        private final String prefix;
        private final List<Problem.FieldError> typeErrors;
        private final List<Problem.FieldError> valueErrors;

        Reader(ObjectNode node) {
            this(node, "", new ArrayList<>(), new ArrayList<>());
        }

        private Reader(
                ObjectNode node,
                String prefix,
                List<Problem.FieldError> typeErrors,
                List<Problem.FieldError> valueErrors) {
            this.node = node;
            this.prefix = prefix;
            this.typeErrors = typeErrors;
            this.valueErrors = valueErrors;
        }

        String path(String field) {
            return prefix.isEmpty() ? field : prefix + "." + field;
        }

        /** Unknown fields are type errors: a misspelt field must never be silently ignored. */
        Reader only(Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) {
                    typeErrors.add(new Problem.FieldError(
                            path(f),
                            "unknown field; known fields: "
                                    + String.join(", ", known.stream().sorted().toList())));
                }
            }
            return this;
        }

        private JsonNode get(String field, boolean required) {
            JsonNode v = node.get(field);
            if ((v == null || v.isNull()) && required) {
                typeErrors.add(new Problem.FieldError(path(field), "is required"));
            }
            return v == null || v.isNull() ? null : v;
        }

        /** The value at {@code field} when present and of the expected type, else null (a wrong type is recorded). */
        private JsonNode typed(String field, boolean required, Predicate<JsonNode> is, String expected) {
            JsonNode v = get(field, required);
            if (v != null && !is.test(v)) {
                typeErrors.add(new Problem.FieldError(path(field), "must be " + expected + ", but was " + describe(v)));
                return null;
            }
            return v;
        }

        Optional<String> text(String field, boolean required, int maxLength) {
            JsonNode v = typed(field, required, JsonNode::isTextual, "a string");
            if (v == null) {
                return Optional.empty();
            }
            if (v.textValue().isBlank() && required) {
                valueErrors.add(new Problem.FieldError(path(field), "must not be blank"));
                return Optional.empty();
            }
            if (v.textValue().length() > maxLength) {
                valueErrors.add(new Problem.FieldError(
                        path(field),
                        "must be at most " + maxLength + " characters, but was "
                                + v.textValue().length()));
                return Optional.empty();
            }
            return Optional.of(v.textValue());
        }

        OptionalDouble number(String field, boolean required, double min, double max) {
            JsonNode v = typed(field, required, JsonNode::isNumber, "a number");
            if (v == null) {
                return OptionalDouble.empty();
            }
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                valueErrors.add(new Problem.FieldError(path(field), "must be a finite number, but was " + v.asText()));
                return OptionalDouble.empty();
            }
            if (d < min || d > max) {
                valueErrors.add(new Problem.FieldError(
                        path(field), "must be in [" + fmt(min) + ", " + fmt(max) + "], but was " + v.asText()));
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(d);
        }

        OptionalLong integer(String field, boolean required, long min, long max) {
            JsonNode v = typed(field, required, n -> n.isIntegralNumber() && n.canConvertToLong(), "an integer");
            if (v == null) {
                return OptionalLong.empty();
            }
            long l = v.longValue();
            if (l < min || l > max) {
                valueErrors.add(
                        new Problem.FieldError(path(field), "must be in [" + min + ", " + max + "], but was " + l));
                return OptionalLong.empty();
            }
            return OptionalLong.of(l);
        }

        Optional<Boolean> bool(String field) {
            return Optional.ofNullable(typed(field, false, JsonNode::isBoolean, "true or false"))
                    .map(JsonNode::booleanValue);
        }

        /** Any JSON value (not null when required). */
        Optional<JsonNode> any(String field, boolean required) {
            return Optional.ofNullable(get(field, required));
        }

        Optional<ObjectNode> object(String field, boolean required) {
            return Optional.ofNullable(typed(field, required, ObjectNode.class::isInstance, "an object"))
                    .map(ObjectNode.class::cast);
        }

        /** The elements of an array field that are objects, each as a reader at {@code field[i]}. */
        List<Reader> objects(String field, boolean required, int maxItems) {
            List<Reader> out = new ArrayList<>();
            JsonNode v = array(field, required, maxItems, "an array");
            for (int i = 0; v != null && i < v.size(); i++) {
                String p = path(field) + "[" + i + "]";
                if (v.get(i) instanceof ObjectNode o) {
                    out.add(new Reader(o, p, typeErrors, valueErrors));
                } else {
                    typeErrors.add(new Problem.FieldError(p, "must be an object, but was " + describe(v.get(i))));
                }
            }
            return out;
        }

        List<String> strings(String field, int maxItems, int maxLength) {
            List<String> out = new ArrayList<>();
            JsonNode v = array(field, false, maxItems, "an array of strings");
            for (int i = 0; v != null && i < v.size(); i++) {
                JsonNode e = v.get(i);
                if (!e.isTextual()) {
                    typeErrors.add(new Problem.FieldError(
                            path(field) + "[" + i + "]", "must be a string, but was " + describe(e)));
                } else if (e.textValue().length() > maxLength) {
                    valueErrors.add(new Problem.FieldError(
                            path(field) + "[" + i + "]", "must be at most " + maxLength + " characters"));
                } else {
                    out.add(e.textValue());
                }
            }
            return out;
        }

        /** The array at {@code field}, or null when absent or after recording why it cannot be used. */
        private JsonNode array(String field, boolean required, int maxItems, String expected) {
            JsonNode v = typed(field, required, JsonNode::isArray, expected);
            if (v != null && v.size() > maxItems) {
                valueErrors.add(new Problem.FieldError(
                        path(field), "must have at most " + maxItems + " items, but had " + v.size()));
                return null;
            }
            return v;
        }

        /** A reader for the object {@code value} of {@code field}, reporting into the same error lists. */
        Reader nested(String field, ObjectNode value) {
            return new Reader(value, path(field), typeErrors, valueErrors);
        }

        /** Records a shape problem (wrong type, missing part) found by the caller's own parsing: a 400. */
        void malformed(String field, String message) {
            typeErrors.add(new Problem.FieldError(path(field), message));
        }

        /** Records a value problem found by the caller's own checks. */
        void invalid(String field, String message) {
            valueErrors.add(new Problem.FieldError(path(field), message));
        }

        boolean ok() {
            return typeErrors.isEmpty() && valueErrors.isEmpty();
        }

        /** Throws 400 for type problems (and unknown fields), else 422 for value problems. */
        void finish() {
            if (!typeErrors.isEmpty()) {
                List<Problem.FieldError> all = new ArrayList<>(typeErrors);
                all.addAll(valueErrors);
                throw badRequest(summary(all), all);
            }
            if (!valueErrors.isEmpty()) {
                throw unprocessable(summary(valueErrors), valueErrors);
            }
        }

        private static String summary(List<Problem.FieldError> errors) {
            Problem.FieldError first = errors.get(0);
            String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more problems, see errors)" : "";
            return first.field() + " " + first.message() + more;
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
