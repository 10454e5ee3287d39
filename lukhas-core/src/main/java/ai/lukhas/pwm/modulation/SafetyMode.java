package ai.lukhas.pwm.modulation;

import java.util.Optional;

/**
 * How cautious the model call is, strictest first: a lower ordinal is stricter.
 *
 * <pre>{@code
 * SafetyMode.STRICT.isStricterThan(SafetyMode.BALANCED); // true
 * SafetyMode.fromWireName("creative");                   // Optional[CREATIVE]
 * }</pre>
 */
public enum SafetyMode {
    STRICT,
    BALANCED,
    CREATIVE;

    /** The name used in policies, JSON and headers: "strict", "balanced", "creative". */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isStricterThan(SafetyMode other) {
        return ordinal() < other.ordinal();
    }

    /** The stricter of the two. */
    public static SafetyMode strictest(SafetyMode a, SafetyMode b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    public static Optional<SafetyMode> fromWireName(String name) {
        for (SafetyMode m : values()) {
            if (m.wireName().equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
