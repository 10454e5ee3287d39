package ai.lukhas.pwm.governance.moderation;

/**
 * A moderation provider could not produce a verdict. {@link Moderator} turns it into a blocking
 * {@link ModerationOutcome.ProviderFailed}; it never reaches the caller as an exception. The root of
 * the moderation package's exceptions, split by whether trying again can help:
 * {@link ModerationUnavailableException} (network failure, timeout, interruption, an upstream that is
 * rate limiting or failing with 5xx) and {@link ModerationFailedException} (rejected credentials or
 * request, an answer that cannot be read). Upstream HTTP statuses are mapped in one place,
 * {@link #forStatus(int, String)}.
 *
 * <pre>{@code
 * if (response.statusCode() / 100 != 2) {
 *     throw ModerationProviderException.forStatus(response.statusCode(), endpoint + " answered HTTP " + status);
 * }
 * }</pre>
 */
public abstract sealed class ModerationProviderException extends Exception
        permits ModerationUnavailableException, ModerationFailedException {
    private final boolean retriable;

    ModerationProviderException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    /**
     * The exception for an upstream's non-2xx HTTP {@code status}: unavailable (retriable) for 408,
     * 425, 429 and 5xx, failed otherwise. The message is kept as given.
     */
    public static ModerationProviderException forStatus(int status, String message) {
        boolean retriable = status == 408 || status == 425 || status == 429 || status / 100 == 5;
        return retriable
                ? new ModerationUnavailableException(message, null)
                : new ModerationFailedException(message, null);
    }

    /** Whether asking the provider again later may give a verdict. */
    public final boolean retriable() {
        return retriable;
    }

    /** The same kind of exception with {@code context} put before the message (the cause is this). */
    public final ModerationProviderException within(String context) {
        String message = context + ": " + getMessage();
        return retriable()
                ? new ModerationUnavailableException(message, this)
                : new ModerationFailedException(message, this);
    }
}
