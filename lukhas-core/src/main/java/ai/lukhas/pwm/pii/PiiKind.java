package ai.lukhas.pwm.pii;

import java.util.Locale;

/** What a {@link PiiFinding} is: personal data about someone, or a secret that grants access. */
public enum PiiKind {
    EMAIL(false),
    PHONE(false),
    PAYMENT_CARD(false),
    IBAN(false),
    OPENAI_KEY(true),
    AWS_ACCESS_KEY(true),
    GITHUB_TOKEN(true),
    SLACK_TOKEN(true),
    GOOGLE_API_KEY(true),
    STRIPE_KEY(true),
    JWT(true),
    PRIVATE_KEY(true),
    BEARER_TOKEN(true),
    /** A LUKHAS PWM API key ({@code lk_<id>_<secret>}). */
    LUKHAS_KEY(true),
    /** An AWS secret access key, recognised by its label ({@code aws_secret_access_key = ...}). */
    AWS_SECRET_KEY(true),
    GITLAB_TOKEN(true),
    NPM_TOKEN(true),
    HUGGINGFACE_TOKEN(true),
    SENDGRID_KEY(true);

    private final boolean secret;

    PiiKind(boolean secret) {
        this.secret = secret;
    }

    /** True for credentials (keys, tokens), false for personal data about a person. */
    public boolean isSecret() {
        return secret;
    }

    /** The label used in masks, e.g. {@code EMAIL} in {@code [REDACTED:EMAIL]}. */
    public String label() {
        return name().toUpperCase(Locale.ROOT);
    }
}
