package ai.lukhas.pwm.expr;

/**
 * The static type of an expression, decided at compile time.
 *
 * <pre>{@code
 * Expression.compile("min(1.0, 0.4 + 0.6*x)", scope, ValueType.NUMBER).type(); // NUMBER
 * }</pre>
 */
public enum ValueType {
    NUMBER("a number"),
    BOOLEAN("a boolean"),
    STRING("a string"),
    STRING_LIST("a list of strings"),
    /** The bare keyword {@code current}: no proposal at all. */
    CURRENT("current");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    /** How error messages name this type, e.g. "a number". */
    public String description() {
        return description;
    }
}
