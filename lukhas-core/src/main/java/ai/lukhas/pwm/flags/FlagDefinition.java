package ai.lukhas.pwm.flags;

import ai.lukhas.pwm.check.Checks;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A known flag: name, type, registered default and a one-line description. A string flag may
 * restrict its values to a fixed list.
 *
 * <pre>{@code
 * FlagDefinition f = FlagDefinition.bool("BROWSER_TOOL", false, "Offer the browser tool.");
 * f.parse("on"); // Optional["true"]
 * f.parse("maybe"); // Optional.empty()
 * }</pre>
 */
public record FlagDefinition(
        String name, FlagType type, String defaultValue, List<String> allowedValues, String description) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final List<String> TRUE = List.of("1", "true", "yes", "on");
    private static final List<String> FALSE = List.of("0", "false", "no", "off");

    public FlagDefinition {
        Checks.nonNull("name, type, defaultValue, description", name, type, defaultValue, description);
        allowedValues = List.copyOf(allowedValues);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("flag name must match " + NAME.pattern() + ", but was '" + name + "'");
        }
        if (description.isBlank() || description.contains("\n")) {
            throw new IllegalArgumentException(
                    "description of flag " + name + " must be one non-blank line, but was '" + description + "'");
        }
        if (type == FlagType.BOOLEAN && !allowedValues.isEmpty()) {
            throw new IllegalArgumentException("boolean flag " + name + " cannot list allowed values");
        }
        if (type == FlagType.BOOLEAN && !defaultValue.equals("true") && !defaultValue.equals("false")) {
            throw new IllegalArgumentException(
                    "default of boolean flag " + name + " must be true or false, but was '" + defaultValue + "'");
        }
        if (!allowedValues.isEmpty() && !allowedValues.contains(defaultValue)) {
            throw new IllegalArgumentException("default of flag " + name + " must be one of " + allowedValues
                    + ", but was '" + defaultValue + "'");
        }
    }

    /** A boolean flag. */
    public static FlagDefinition bool(String name, boolean defaultValue, String description) {
        return new FlagDefinition(name, FlagType.BOOLEAN, Boolean.toString(defaultValue), List.of(), description);
    }

    /** A string flag restricted to {@code allowed} values. */
    public static FlagDefinition choice(String name, String defaultValue, List<String> allowed, String description) {
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("flag " + name + " must allow at least one value");
        }
        return new FlagDefinition(name, FlagType.STRING, defaultValue, allowed, description);
    }

    /**
     * The canonical value for {@code raw}, or empty when {@code raw} is not a valid value of this
     * flag. Booleans accept 1/true/yes/on and 0/false/no/off, case-insensitive, surrounding spaces
     * ignored; restricted strings accept their allowed values, case-insensitive.
     */
    public Optional<String> parse(String raw) {
        String v = raw.strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case BOOLEAN ->
                TRUE.contains(v) ? Optional.of("true") : FALSE.contains(v) ? Optional.of("false") : Optional.empty();
            case STRING -> {
                if (allowedValues.isEmpty()) {
                    yield Optional.of(raw.strip());
                }
                yield allowedValues.stream().filter(a -> a.equalsIgnoreCase(v)).findFirst();
            }
        };
    }

    /** What a valid value looks like, for error messages. */
    public String expected() {
        return switch (type) {
            case BOOLEAN -> "one of 1/true/yes/on or 0/false/no/off";
            case STRING -> allowedValues.isEmpty() ? "any string" : "one of " + String.join("/", allowedValues);
        };
    }
}
