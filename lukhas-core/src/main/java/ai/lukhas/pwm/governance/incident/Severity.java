package ai.lukhas.pwm.governance.incident;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How urgently a human should look at an incident; lowest first. See docs/governance.md for which incident
 * gets which severity.
 *
 * <pre>{@code Severity.max(Severity.LOW, Severity.HIGH); // HIGH}</pre>
 */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(s -> s.wireName().equals(wireName))
                .findFirst();
    }

    public static Severity max(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
