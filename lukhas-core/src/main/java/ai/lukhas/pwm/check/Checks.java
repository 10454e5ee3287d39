package ai.lukhas.pwm.check;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Argument checks for the core's own values, in one place: each takes the value first and the
 * field's name second (as {@link Objects#requireNonNull(Object, String)}), returns the value, and
 * throws with a message that names the field, what was expected and what was given. The one exception,
 * {@link #nonNull(String, Object...)}, checks several values at once, so their names come first.
 *
 * <pre>{@code
 * this.model = Checks.notBlank(model, "model"); // IllegalArgumentException: model must not be blank, but was " "
 * Checks.nonNull("outcome, safetyMode", outcome, safetyMode); // a record's required components, in one line
 * }</pre>
 */
public final class Checks {
    private Checks() {}

    /**
     * Checks that none of several required values (a record's components, a method's arguments) is null,
     * in one call: {@code names} lists them in the order of {@code values}, separated by ", ", and the
     * exception names the first null one.
     *
     * <pre>{@code
     * Checks.nonNull("bundle, prevHash, hash", bundle, prevHash, hash); // NullPointerException: prevHash must not be null
     * }</pre>
     */
    public static void nonNull(String names, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(nameAt(names, i) + " must not be null");
            }
        }
    }

    /** The {@code index}-th of the ", "-separated {@code names}. */
    private static String nameAt(String names, int index) {
        String[] each = names.split(", ");
        if (index >= each.length) {
            throw new IllegalArgumentException(
                    "value " + index + " is null, but \"" + names + "\" names only " + each.length + " values");
        }
        return each[index];
    }

    /** {@code value}, which must be neither null ({@link NullPointerException}) nor blank. */
    public static String notBlank(String value, String field) {
        // the message made only when thrown: requireNonNull(value, field + "...") built it on every
        // call (a StringBuilder and a String, ~10 calls a request)
        if (value == null) {
            throw new NullPointerException(field + " must not be null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was \"" + value + "\"");
        }
        return value;
    }

    /** An unmodifiable copy of {@code values}, which must not be null nor contain null. */
    public static <T> List<T> listOf(List<T> values, String field) {
        if (values == null) {
            throw new NullPointerException(field + " must not be null");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(field + " must not contain null, but element " + i + " was null");
            }
        }
        return List.copyOf(values);
    }

    /** {@code value}, which must be a number in {@code [lo, hi]} (NaN is not). */
    public static double inRange(double value, double lo, double hi, String field) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(
                    field + " must be a number in [" + lo + ", " + hi + "], but was " + value);
        }
        return value;
    }

    /** {@code value}, which must be a whole number in {@code [lo, hi]}. */
    public static long inRange(long value, long lo, long hi, String field) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(field + " must be in [" + lo + ", " + hi + "], but was " + value);
        }
        return value;
    }

    /** {@code value}, which must be a whole number {@code >= 0} (a version, a count, a window). */
    public static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, but was " + value);
        }
        return value;
    }

    /**
     * {@code bytes} as text when they are valid UTF-8; empty when they are not (a malformed or truncated
     * sequence is never replaced by U+FFFD, so a caller can refuse the input instead of reading a guess).
     */
    public static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
