package ai.lukhas.pwm.provider;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The upstream said "too many requests" (HTTP 429), and retrying within the deadline did not help.
 * {@link #retryAfter()} is the wait the upstream asked for, when it said.
 *
 * <pre>{@code
 * catch (RateLimitedException e) { e.retryAfter().ifPresent(d -> response.header("Retry-After", d.toSeconds())); }
 * }</pre>
 */
public final class RateLimitedException extends RetriableProviderException {
    private final Duration retryAfter;

    RateLimitedException(String provider, String detail, Optional<Duration> retryAfter, int attempts, Throwable cause) {
        super(provider, "rate limited", OptionalInt.of(429), detail, attempts, cause);
        this.retryAfter = retryAfter.orElse(null);
    }

    /** The upstream's Retry-After (or retry-after-ms), when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
