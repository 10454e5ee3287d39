package ai.lukhas.pwm.provider;

import java.util.OptionalInt;

/**
 * A provider could not produce an answer. The root of the provider's exceptions, split by whether
 * trying again can help: {@link RetriableProviderException} (rate limited, upstream 5xx, timeout,
 * network) and {@link NonRetriableProviderException} (authentication, bad request, malformed
 * response). The message names the provider, the upstream status and a readable detail; it never
 * contains the API key.
 *
 * <pre>{@code
 * try {
 *     provider.complete(request);
 * } catch (RetriableProviderException e) {
 *     // the upstream is unwell: degrade, fail over, or ask the user to try later
 * } catch (NonRetriableProviderException e) {
 *     // fix the configuration or the request: e.status(), e.detail()
 * }
 * }</pre>
 */
public abstract sealed class ProviderException extends RuntimeException
        permits RetriableProviderException, NonRetriableProviderException {
    private final String provider;
    private final int status;
    private final String detail;
    private final int attempts;

    ProviderException(String provider, String kind, OptionalInt status, String detail, int attempts, Throwable cause) {
        super(message(provider, kind, status, detail, attempts), cause);
        this.provider = provider;
        this.status = status.orElse(-1);
        this.detail = detail;
        this.attempts = attempts;
    }

    private static String message(String provider, String kind, OptionalInt status, String detail, int attempts) {
        StringBuilder m = new StringBuilder(provider).append(": ").append(kind);
        status.ifPresent(s -> m.append(" (HTTP ").append(s).append(')'));
        if (attempts > 1) {
            m.append(" after ").append(attempts).append(" attempts");
        }
        return m.append(": ").append(detail).toString();
    }

    /** The provider's name, e.g. {@code "openai-compatible"}. */
    public String provider() {
        return provider;
    }

    /** The upstream HTTP status, when there was a response. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** What went wrong, in words (the upstream's error message when it sent one). */
    public String detail() {
        return detail;
    }

    /** How many attempts were made before giving up (1 when not retried). */
    public int attempts() {
        return attempts;
    }

    /** Whether trying again later may succeed: true exactly for a {@link RetriableProviderException}. */
    public final boolean retriable() {
        return this instanceof RetriableProviderException;
    }
}
