package ai.lukhas.pwm.flags;

import java.util.Map;

/**
 * The current values of feature flags, as the rest of the core sees them. Evaluation never throws:
 * a flag that is unknown, unset or of another type yields the given default.
 *
 * <pre>{@code
 * Flags flags = Flags.fixed(Map.of("BROWSER_TOOL", true));
 * flags.isEnabled("BROWSER_TOOL", false); // true
 * }</pre>
 */
public interface Flags {
    /** The boolean value of {@code name}, or {@code defaultValue}. */
    boolean isEnabled(String name, boolean defaultValue);

    /** The string value of {@code name}, or {@code defaultValue}. */
    String stringValue(String name, String defaultValue);

    /** Flags with fixed values, for tests and for applications that configure flags in code. */
    static Flags fixed(Map<String, ?> values) {
        return new FixedFlags(Map.copyOf(values));
    }
}
