package ai.lukhas.pwm.provider;

import java.util.OptionalInt;

/**
 * A failure that may go away by itself: the provider already retried within its deadline and
 * gave up. See {@link ProviderException}.
 *
 * <pre>{@code
 * catch (RetriableProviderException e) { return fallback.complete(request); }
 * }</pre>
 */
public abstract sealed class RetriableProviderException extends ProviderException
        permits RateLimitedException, UpstreamServerException, ProviderTimeoutException, ProviderNetworkException {
    RetriableProviderException(
            String provider, String kind, OptionalInt status, String detail, int attempts, Throwable cause) {
        super(provider, kind, status, detail, attempts, cause);
    }
}
