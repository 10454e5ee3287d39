package ai.lukhas.pwm.governance.moderation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a piece of text is scored for. The first seven follow the OpenAI moderation taxonomy; {@code pii},
 * {@code secrets} and {@code prompt_injection} are LUKHAS additions.
 *
 * <pre>{@code ModerationCategory.fromWireName("self_harm"); // Optional[SELF_HARM]}</pre>
 */
public enum ModerationCategory {
    HARASSMENT,
    HATE,
    SELF_HARM,
    SEXUAL,
    SEXUAL_MINORS,
    VIOLENCE,
    ILLICIT,
    /** Personal data: e-mail addresses, phone numbers, payment cards, IBANs. */
    PII,
    /** Credentials: API keys, access tokens, private keys. */
    SECRETS,
    /** Instructions aimed at the model: in tool outputs, and direct ones in user input (not in final output). */
    PROMPT_INJECTION;

    /** The lower-case name used in JSON, CSV and docs, e.g. {@code "self_harm"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ModerationCategory> fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(c -> c.wireName().equals(wireName))
                .findFirst();
    }
}
