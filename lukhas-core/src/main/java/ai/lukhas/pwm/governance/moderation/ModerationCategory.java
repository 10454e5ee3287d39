package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.WireName;

/**
 * What a piece of text is scored for. The first seven follow the OpenAI moderation taxonomy; {@code pii},
 * {@code secrets} and {@code prompt_injection} are LUKHAS additions.
 *
 * <pre>{@code WireName.parse(ModerationCategory.class, "self_harm"); // Optional[SELF_HARM]}</pre>
 */
public enum ModerationCategory implements WireName {
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
}
