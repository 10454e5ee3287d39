package ai.lukhas.pwm.provider;

import java.util.OptionalInt;

/**
 * The upstream rejected the request itself (HTTP 400, 404, 422 and other 4xx): unknown model, unsupported parameter, invalid messages.
 *
 * <pre>{@code
 * catch (BadRequestException e) { e.detail(); // "The model nope does not exist" }
 * }</pre>
 */
public final class BadRequestException extends NonRetriableProviderException {
    BadRequestException(String provider, OptionalInt status, String detail, int attempts, Throwable cause) {
        super(provider, "request rejected", status, detail, attempts, cause);
    }
}
