package ai.lukhas.pwm.provider;

import java.util.List;
import java.util.Objects;

/** Argument checks whose messages name the field, what was expected and what was given. */
final class Checks {
    private Checks() {}

    static String notBlank(String value, String field) {
        Objects.requireNonNull(value, field + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was \"" + value + "\"");
        }
        return value;
    }

    static <T> List<T> listOf(List<T> values, String field) {
        Objects.requireNonNull(values, field + " must not be null");
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(field + " must not contain null, but element " + i + " was null");
            }
        }
        return List.copyOf(values);
    }

    static double inRange(double value, double lo, double hi, String field) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(
                    field + " must be a number in [" + lo + ", " + hi + "], but was " + value);
        }
        return value;
    }
}
