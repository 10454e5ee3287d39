package ai.lukhas.pwm.provider;

import java.util.OptionalInt;

/**
 * The upstream answered, but not in the Chat Completions format (unparseable JSON, missing choices, unexpected status).
 *
 * <pre>{@code
 * catch (MalformedResponseException e) { log.error(e.getMessage()); }
 * }</pre>
 */
public final class MalformedResponseException extends NonRetriableProviderException {
    MalformedResponseException(String provider, OptionalInt status, String detail, int attempts, Throwable cause) {
        super(provider, "malformed response", status, detail, attempts, cause);
    }
}
