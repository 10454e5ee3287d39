package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.flags.Flags;
import java.util.Locale;
import java.util.Map;

/**
 * Flags read from the process environment for the memory commands, with the naming of docs/flags.md:
 * {@code LUKHAS_FLAG_<NAME>}, else the legacy {@code FLAG_<NAME>}; booleans accept 1/true/yes/on and
 * 0/false/no/off. Anything else yields the default.
 */
record EnvironmentFlags(Map<String, String> env) implements Flags {
    @Override
    public boolean isEnabled(String name, boolean defaultValue) {
        String raw = raw(name);
        if (raw == null) {
            return defaultValue;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> defaultValue;
        };
    }

    @Override
    public String stringValue(String name, String defaultValue) {
        String raw = raw(name);
        return raw == null ? defaultValue : raw.strip();
    }

    private String raw(String name) {
        String v = env.get("LUKHAS_FLAG_" + name);
        return v != null ? v : env.get("FLAG_" + name);
    }
}
