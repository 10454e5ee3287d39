package ai.lukhas.pwm.provider;

import java.util.OptionalInt;

/**
 * The upstream refused the credentials (HTTP 401 or 403).
 *
 * <pre>{@code
 * catch (AuthenticationException e) { e.status(); // OptionalInt[401] }
 * }</pre>
 */
public final class AuthenticationException extends NonRetriableProviderException {
    AuthenticationException(String provider, OptionalInt status, String detail, int attempts, Throwable cause) {
        super(provider, "authentication failed", status, detail, attempts, cause);
    }
}
