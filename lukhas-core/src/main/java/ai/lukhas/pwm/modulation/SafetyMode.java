package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.WireName;

/**
 * How cautious the model call is, strictest first: a lower ordinal is stricter.
 *
 * <pre>{@code
 * SafetyMode.STRICT.isStricterThan(SafetyMode.BALANCED); // true
 * WireName.parse(SafetyMode.class, "creative");          // Optional[CREATIVE]
 * }</pre>
 */
public enum SafetyMode implements WireName {
    STRICT,
    BALANCED,
    CREATIVE;

    public boolean isStricterThan(SafetyMode other) {
        return ordinal() < other.ordinal();
    }

    /** The stricter of the two. */
    public static SafetyMode strictest(SafetyMode a, SafetyMode b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
