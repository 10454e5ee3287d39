package ai.lukhas.pwm.flags;

import ai.lukhas.pwm.check.Checks;

/**
 * A flag setting that was ignored because it is malformed: where it was ({@code origin}, e.g. the
 * environment variable or the YAML file), the offending value, and what was expected. The flag then
 * takes its value from the next source down, and the error is listed until it is fixed.
 *
 * <pre>{@code
 * // LUKHAS_FLAG_BROWSER_TOOL=maybe
 * new FlagConfigurationError("BROWSER_TOOL", FlagSource.ENVIRONMENT, "LUKHAS_FLAG_BROWSER_TOOL", "maybe",
 *         "expected one of 1/true/yes/on or 0/false/no/off");
 * }</pre>
 */
public record FlagConfigurationError(String flag, FlagSource source, String origin, String value, String problem) {
    public FlagConfigurationError {
        Checks.nonNull("flag, source, origin, value, problem", flag, source, origin, value, problem);
    }

    /** One line for logs and the CLI. */
    public String describe() {
        return origin + ": flag " + flag + " has value '" + value + "' - " + problem;
    }
}
