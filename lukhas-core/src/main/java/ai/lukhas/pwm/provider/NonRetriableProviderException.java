package ai.lukhas.pwm.provider;

import java.util.OptionalInt;

/**
 * A failure that repeating the same request will not fix: wrong key, bad request, unreadable
 * response. See {@link ProviderException}.
 *
 * <pre>{@code
 * catch (NonRetriableProviderException e) { log.error("provider misconfigured: {}", e.getMessage()); }
 * }</pre>
 */
public abstract sealed class NonRetriableProviderException extends ProviderException
        permits AuthenticationException, BadRequestException, QuotaExceededException, MalformedResponseException {
    NonRetriableProviderException(
            String provider, String kind, OptionalInt status, String detail, int attempts, Throwable cause) {
        super(provider, kind, status, detail, attempts, cause);
    }
}
