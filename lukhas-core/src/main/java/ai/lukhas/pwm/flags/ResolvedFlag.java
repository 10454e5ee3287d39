package ai.lukhas.pwm.flags;

import ai.lukhas.pwm.check.Checks;

/**
 * A flag's current value and where it came from; {@code origin} names the exact place (the
 * environment variable, the file path, "registered default", "runtime override").
 *
 * <pre>{@code
 * ResolvedFlag f = service.resolve("BROWSER_TOOL").orElseThrow();
 * f.value(); f.source(); // "true", ENVIRONMENT  (origin "LUKHAS_FLAG_BROWSER_TOOL")
 * }</pre>
 */
public record ResolvedFlag(FlagDefinition definition, String value, FlagSource source, String origin) {
    public ResolvedFlag {
        Checks.nonNull("definition, value, source, origin", definition, value, source, origin);
    }

    public String name() {
        return definition.name();
    }
}
