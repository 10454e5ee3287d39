package ai.lukhas.pwm.audit;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A JSON key whose value is never written to the audit trail. Matching ignores case and the
 * separators {@code _} and {@code -}, so {@code api_key} also matches {@code X-Api-Key} and
 * {@code apiKey}.
 *
 * <pre>{@code
 * KeyRule.suffix("api_key").matches("OPENAI_API_KEY"); // true
 * }</pre>
 *
 * @param name the key, or the key part, to match; letters and digits after normalisation, not empty
 * @param match how {@code name} must sit in a key
 */
public record KeyRule(String name, Match match) {
    /** How a rule's name must sit in a key; a prefix or suffix rule also matches the key exactly. */
    public enum Match {
        EXACT,
        PREFIX,
        SUFFIX
    }

    /** The rules {@link AuditRedactor#standard()} uses. */
    public static final List<KeyRule> DEFAULTS = List.of(
            suffix("api_key"),
            suffix("apikey"),
            suffix("authorization"),
            suffix("password"),
            suffix("passwd"),
            suffix("secret"),
            suffix("token"),
            suffix("access_token"),
            suffix("refresh_token"),
            suffix("cookie"),
            suffix("email"),
            suffix("phone"),
            suffix("ssn"),
            suffix("pii"),
            suffix("private_key"),
            suffix("credential"),
            suffix("credentials"),
            suffix("card_number"),
            suffix("cvv"),
            suffix("iban"),
            prefix("password"),
            prefix("secret"),
            prefix("api_key"),
            prefix("private_key"),
            prefix("authorization"),
            prefix("credential"),
            exact("auth"));

    public KeyRule {
        Objects.requireNonNull(match, "match");
        String n = normalize(Objects.requireNonNull(name, "name"));
        if (n.isEmpty()) {
            throw new IllegalArgumentException(
                    "key rule name must contain a letter or digit, but was \"" + name + "\"");
        }
        name = n;
    }

    public static KeyRule exact(String name) {
        return new KeyRule(name, Match.EXACT);
    }

    public static KeyRule prefix(String name) {
        return new KeyRule(name, Match.PREFIX);
    }

    public static KeyRule suffix(String name) {
        return new KeyRule(name, Match.SUFFIX);
    }

    public boolean matches(String key) {
        return matchesNormalized(normalize(key));
    }

    /** Matches a key already passed through {@link #normalize} (normalise once, test every rule). */
    boolean matchesNormalized(String k) {
        return switch (match) {
            case EXACT -> k.equals(name);
            case PREFIX -> k.startsWith(name);
            case SUFFIX -> k.endsWith(name);
        };
    }

    static String normalize(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '_' && c != '-') {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
