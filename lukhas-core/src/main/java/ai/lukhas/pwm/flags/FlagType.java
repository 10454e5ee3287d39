package ai.lukhas.pwm.flags;

/** The value type of a registered flag. Values are held in canonical text form ({@code "true"}, {@code "dna"}). */
public enum FlagType {
    BOOLEAN,
    STRING;

    /** The lower-case name used in listings and JSON ({@code "boolean"}, {@code "string"}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A canonical text value as its JSON-ready Java value: a {@link Boolean} for {@link #BOOLEAN} (so JSON output
     * says {@code true}, not {@code "true"}), the text itself for {@link #STRING}.
     */
    public Object typed(String canonical) {
        return switch (this) {
            case BOOLEAN -> Boolean.parseBoolean(canonical);
            case STRING -> canonical;
        };
    }
}
