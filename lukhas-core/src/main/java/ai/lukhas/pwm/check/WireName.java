package ai.lukhas.pwm.check;

import java.util.Locale;
import java.util.Optional;

/**
 * An enum whose name in JSON, CSV, SQL rows, headers and configuration is its constant's name in lower
 * case ({@code SELF_HARM} is {@code "self_harm"}): the rule, and the lookup back, stated once for every
 * such enum.
 *
 * <pre>{@code
 * public enum Severity implements WireName { LOW, HIGH }
 * Severity.HIGH.wireName();                  // "high"
 * WireName.parse(Severity.class, "high");    // Optional[HIGH]
 * WireName.parse(Severity.class, "HIGH");    // Optional.empty: wire names are matched exactly
 * }</pre>
 */
public interface WireName {
    /** The constant's name; every enum implements it with {@link Enum#name()}. */
    String name();

    /** The constant's name in lower case, e.g. {@code "tool_output"}. */
    default String wireName() {
        // computed once per enum (audit records, headers and verdicts ask it on every request)
        return this instanceof Enum<?> e ? LowerCaseNames.of(e) : name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} whose {@link #wireName()} is exactly {@code wireName}, or empty. */
    static <E extends Enum<E> & WireName> Optional<E> parse(Class<E> type, String wireName) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(wireName)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    /**
     * A configuration value read as a constant of {@code type}, case-insensitively and without the
     * surrounding blanks.
     *
     * @throws IllegalArgumentException with {@code choices} (what the key takes, in words) and the value given
     */
    static <E extends Enum<E> & WireName> E configValue(Class<E> type, String value, String choices) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return parse(type, v).orElseThrow(() -> new IllegalArgumentException(choices + ", but was '" + value + "'"));
    }
}

/** The lower-case names of an enum's constants by ordinal, made on first use (per class of constant). */
final class LowerCaseNames {
    private static final ClassValue<String[]> NAMES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            // a constant with a body is an instance of a subclass of its enum
            Object[] constants = (type.isEnum() ? type : type.getSuperclass()).getEnumConstants();
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
            }
            return names;
        }
    };

    private LowerCaseNames() {}

    static String of(Enum<?> constant) {
        return NAMES.get(constant.getClass())[constant.ordinal()];
    }
}
