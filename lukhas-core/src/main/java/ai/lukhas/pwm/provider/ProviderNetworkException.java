package ai.lukhas.pwm.provider;

import java.util.OptionalInt;

/**
 * The connection to the upstream failed (refused, reset, or a stream cut off before it finished).
 *
 * <pre>{@code
 * catch (ProviderNetworkException e) { log.warn(e.getMessage()); }
 * }</pre>
 */
public final class ProviderNetworkException extends RetriableProviderException {
    ProviderNetworkException(String provider, OptionalInt status, String detail, int attempts, Throwable cause) {
        super(provider, "network error", status, detail, attempts, cause);
    }
}
