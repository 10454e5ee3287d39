package ai.lukhas.pwm.provider;

import java.util.OptionalInt;

/**
 * The upstream did not answer in time (per-attempt timeout, HTTP 408, or the total deadline passed).
 *
 * <pre>{@code
 * catch (ProviderTimeoutException e) { metrics.increment("provider_timeout"); }
 * }</pre>
 */
public final class ProviderTimeoutException extends RetriableProviderException {
    ProviderTimeoutException(String provider, OptionalInt status, String detail, int attempts, Throwable cause) {
        super(provider, "timeout", status, detail, attempts, cause);
    }
}
