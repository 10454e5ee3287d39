package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.WireName;

/**
 * How urgently a human should look at an incident; lowest first. See docs/governance.md for which incident
 * gets which severity.
 *
 * <pre>{@code Severity.max(Severity.LOW, Severity.HIGH); // HIGH}</pre>
 */
public enum Severity implements WireName {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public static Severity max(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
