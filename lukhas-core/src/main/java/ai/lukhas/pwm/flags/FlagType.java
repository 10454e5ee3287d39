package ai.lukhas.pwm.flags;

/** The value type of a registered flag. Values are held in canonical text form ({@code "true"}, {@code "dna"}). */
public enum FlagType {
    BOOLEAN,
    STRING;

    /** The lower-case name used in listings and JSON ({@code "boolean"}, {@code "string"}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
