package ai.lukhas.pwm.provider;

import java.util.Objects;

/**
 * A client's OpenAI-shaped JSON is not acceptable; {@link #field()} is the JSON path of the problem
 * ({@code messages[2].role}), the message says what was expected and what was given.
 */
public final class WireFormatException extends IllegalArgumentException {
    private final String field;

    public WireFormatException(String field, String message) {
        super(field + ": " + message);
        this.field = Objects.requireNonNull(field, "field");
    }

    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
