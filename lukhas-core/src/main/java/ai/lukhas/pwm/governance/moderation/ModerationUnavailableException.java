package ai.lukhas.pwm.governance.moderation;

/**
 * The provider could not be reached or is overloaded (network failure, timeout, interruption, HTTP
 * 408/425/429/5xx): asking again later may give a verdict. See {@link ModerationProviderException}.
 *
 * <pre>{@code
 * catch (IOException e) { throw new ModerationUnavailableException("calling " + endpoint + " failed: " + e, e); }
 * }</pre>
 */
public final class ModerationUnavailableException extends ModerationProviderException {
    public ModerationUnavailableException(String message) {
        super(message, null, true);
    }

    public ModerationUnavailableException(String message, Throwable cause) {
        super(message, cause, true);
    }
}
