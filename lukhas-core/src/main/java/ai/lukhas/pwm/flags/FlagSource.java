package ai.lukhas.pwm.flags;

import java.util.Locale;

/** Where a flag's value came from, highest precedence first. */
public enum FlagSource {
    OVERRIDE,
    ENVIRONMENT,
    FILE,
    DEFAULT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
