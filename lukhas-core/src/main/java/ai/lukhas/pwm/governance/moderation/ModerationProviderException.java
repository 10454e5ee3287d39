package ai.lukhas.pwm.governance.moderation;

/**
 * A moderation provider could not produce a verdict. {@link Moderator} turns it into a blocking
 * {@link ModerationOutcome.ProviderFailed}; it never reaches the caller as an exception.
 */
public final class ModerationProviderException extends Exception {
    public ModerationProviderException(String message) {
        super(message);
    }

    public ModerationProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
