package ai.lukhas.pwm.pipeline;

import java.util.Objects;

final class Checks {
    private Checks() {}

    static String notBlank(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
        }
        return value;
    }
}
