package ai.lukhas.pwm.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Binds the merged configuration tree to the {@link LukhasConfig} records by their canonical
 * constructors, without Jackson data binding: building Jackson's record deserializers (creator and
 * annotation introspection for every section) was most of the {@code config} phase of a start,
 * ~0.4 s of CPU (docs/benchmarks.md, "Start-up, round 5").
 *
 * <p>A component's key is its name in snake_case ({@code maxRequestBytes} ↔ {@code max_request_bytes},
 * the same as its {@code @JsonProperty}, which a test checks). Values: {@code String} (a number or
 * boolean is taken as its text), {@code int}/{@code long} (a whole number, or text holding one;
 * never a fraction: Jackson cut {@code 8080.7} to {@code 8080}),
 * {@code double} (a number, or text holding one), {@code boolean} ({@code true}/{@code false}, also as
 * text, or a YAML number, non-zero being true), {@code List<String>}, {@code Map<String, record>} and
 * nested records. A key the file leaves out is {@code null} for a text or list (the record's
 * constructor says what it needs) and an error for a section, a number or a boolean. Every failure is a {@link
 * Failure} with the dotted path of the key.
 */
final class RecordBinder {
    private RecordBinder() {}

    /** Why a value could not be bound, with the path of the key ({@code tenants.acme.tools[0]}). */
    sealed interface Failure {
        String path();

        /** A key the record does not have. */
        record UnknownKey(String path, List<String> known) implements Failure {}

        /** A value of the wrong kind: {@code expected} in the words of {@link ConfigLoader#expected}. */
        record WrongType(String path, Class<?> expected, JsonNode given, String detail) implements Failure {}

        /** The record's constructor refused the values (its message names the key and the rule). */
        record Refused(String path, String message) implements Failure {}
    }

    /** Thrown with the first {@link Failure} met, in the order of the tree's keys. */
    static final class BindException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Failure failure;

        BindException(Failure failure) {
            super(failure.path(), null, false, false);
            this.failure = failure;
        }

        Failure failure() {
            return failure;
        }
    }

    /** The record of {@code type} that {@code node} (a mapping) describes. */
    static <T extends Record> T bind(JsonNode node, Class<T> type) throws BindException {
        return type.cast(value(node, type, ""));
    }

    /** {@code maxRequestBytes} → {@code max_request_bytes}. */
    static String key(String componentName) {
        StringBuilder b = new StringBuilder(componentName.length() + 8);
        for (int i = 0; i < componentName.length(); i++) {
            char c = componentName.charAt(i);
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Object value(JsonNode node, Type type, String path) throws BindException {
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return text(node, path);
        }
        if (raw == int.class || raw == long.class) {
            return whole(node, raw, path);
        }
        if (raw == double.class) {
            return number(node, path);
        }
        if (raw == boolean.class) {
            return bool(node, path);
        }
        if (raw.isRecord() && (node == null || node.isNull())) { // every section is required
            throw wrong(path, raw, node);
        }
        if (node == null || node.isNull()) {
            return null;
        }
        if (raw == List.class) {
            return list(node, argument(type, 0), path);
        }
        if (raw == Map.class) {
            return map(node, argument(type, 1), path);
        }
        if (raw.isRecord()) {
            return record(node, raw, path);
        }
        throw new IllegalStateException("no binding for " + type + " at '" + path + "'");
    }

    private static Object record(JsonNode node, Class<?> type, String path) throws BindException {
        if (!node.isObject()) {
            throw wrong(path, type, node);
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            index.put(key(components[i].getName()), i);
        }
        Object[] args = new Object[components.length];
        boolean[] given = new boolean[components.length];
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String at = join(path, e.getKey());
            Integer i = index.get(e.getKey());
            if (i == null) {
                throw new BindException(new Failure.UnknownKey(at, new ArrayList<>(new TreeSet<>(index.keySet()))));
            }
            args[i] = value(e.getValue(), components[i].getGenericType(), at);
            given[i] = true;
        }
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            if (!given[i]) {
                args[i] = value(null, components[i].getGenericType(), join(path, key(components[i].getName())));
            }
        }
        try {
            Optional<Object> direct = RecordFactories.construct(type, args);
            if (direct.isPresent()) {
                return direct.get();
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw refused(path, e, components, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                throw refused(path, cause, components, args);
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " at '" + path + "'", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " at '" + path + "'", e);
        }
    }

    /**
     * A constructor's refusal. A {@code NullPointerException} that names one of the record's keys left
     * out is a required key that is missing: said as such at the key's own path ("tenants.acme.tools:
     * expected a list …, but was nothing"), not as the bare key name.
     */
    private static BindException refused(String path, Throwable cause, RecordComponent[] components, Object[] args) {
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof NullPointerException) {
            for (int i = 0; i < components.length; i++) {
                if (args[i] == null && key(components[i].getName()).equals(message)) {
                    return wrong(join(path, message), components[i].getType(), NullNode.getInstance());
                }
            }
        }
        return new BindException(new Failure.Refused(path, message));
    }

    private static List<Object> list(JsonNode node, Type element, String path) throws BindException {
        if (!node.isArray()) {
            throw wrong(path, List.class, node);
        }
        List<Object> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isNull()) { // a list never holds a hole
                throw wrong(path + "[" + i + "]", raw(element), item);
            }
            out.add(value(item, element, path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Object> map(JsonNode node, Type valueType, String path) throws BindException {
        if (!node.isObject()) {
            throw wrong(path, Map.class, node);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String at = join(path, e.getKey());
            if (e.getValue().isNull()) { // "acme:" with nothing under it
                throw wrong(at, raw(valueType), e.getValue());
            }
            out.put(e.getKey(), value(e.getValue(), valueType, at));
        }
        return out;
    }

    private static String text(JsonNode node, String path) throws BindException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw wrong(path, String.class, node);
        }
        return node.asText();
    }

    private static Object whole(JsonNode node, Class<?> type, String path) throws BindException {
        BigDecimal n;
        if (node != null && node.isNumber()) {
            n = node.decimalValue();
        } else if (node != null
                && node.isTextual()
                && WHOLE.matcher(node.asText().strip()).matches()) {
            n = new BigDecimal(node.asText().strip());
        } else {
            throw wrong(path, type, node);
        }
        BigInteger exact;
        try {
            exact = n.toBigIntegerExact();
        } catch (ArithmeticException fraction) {
            throw wrong(path, type, node);
        }
        boolean isInt = type == int.class;
        if (exact.bitLength() > (isInt ? 31 : 63)) {
            throw new BindException(new Failure.WrongType(
                    path,
                    type,
                    node,
                    "from " + (isInt ? Integer.MIN_VALUE : Long.MIN_VALUE) + " to "
                            + (isInt ? Integer.MAX_VALUE : Long.MAX_VALUE)));
        }
        return isInt ? (Object) exact.intValue() : (Object) exact.longValue();
    }

    /** Whole numbers as text: an optional sign and decimal digits (no exponent, no hex, no '_'). */
    private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile("[+-]?[0-9]+");

    private static double number(JsonNode node, String path) throws BindException {
        if (node != null && node.isNumber()) {
            return node.doubleValue();
        }
        if (node != null && node.isTextual() && !node.asText().isBlank()) {
            try {
                return Double.parseDouble(node.asText().strip());
            } catch (NumberFormatException e) {
                throw wrong(path, double.class, node);
            }
        }
        throw wrong(path, double.class, node);
    }

    private static boolean bool(JsonNode node, String path) throws BindException {
        if (node != null && node.isBoolean()) {
            return node.booleanValue();
        }
        if (node != null && node.isIntegralNumber()) {
            return node.bigIntegerValue().signum() != 0;
        }
        if (node != null && node.isTextual()) {
            switch (node.asText().strip().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    break;
            }
        }
        throw wrong(path, boolean.class, node);
    }

    private static BindException wrong(String path, Class<?> expected, JsonNode given) {
        return new BindException(new Failure.WrongType(path, expected, given, ""));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        throw new IllegalStateException("no binding for " + type);
    }

    private static Type argument(Type type, int i) {
        return Optional.of(type)
                .filter(ParameterizedType.class::isInstance)
                .map(t -> ((ParameterizedType) t).getActualTypeArguments()[i])
                .orElseThrow(() -> new IllegalStateException("raw collection type " + type));
    }
}
