package ai.lukhas.pwm.flags;

import ai.lukhas.pwm.check.WireName;

/** The value type of a registered flag. Values are held in canonical text form ({@code "true"}, {@code "dna"}). */
public enum FlagType implements WireName {
    BOOLEAN,
    STRING;

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
