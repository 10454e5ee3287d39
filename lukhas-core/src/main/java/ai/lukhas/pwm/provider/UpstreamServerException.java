package ai.lukhas.pwm.provider;

import java.util.OptionalInt;

/**
 * The upstream answered with a 5xx status (or reported a server error inside a stream).
 *
 * <pre>{@code
 * catch (UpstreamServerException e) { e.status(); // OptionalInt[503] }
 * }</pre>
 */
public final class UpstreamServerException extends RetriableProviderException {
    UpstreamServerException(String provider, OptionalInt status, String detail, int attempts, Throwable cause) {
        super(provider, "upstream server error", status, detail, attempts, cause);
    }
}
