package ai.lukhas.pwm.governance.moderation;

/**
 * The provider answered, but not with a usable verdict (credentials or request rejected, malformed
 * answer, no verdict): asking again the same way will not help. See {@link ModerationProviderException}.
 *
 * <pre>{@code
 * throw new ModerationFailedException(endpoint + " answered with malformed JSON: " + snippet, e);
 * }</pre>
 */
public final class ModerationFailedException extends ModerationProviderException {
    public ModerationFailedException(String message) {
        super(message, null, false);
    }

    public ModerationFailedException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
