package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import java.time.Duration;
import java.util.Locale;

/**
 * How a remote (guard-model) provider is called: a deadline per call, what a failure or a timeout does, and how
 * long a verdict is reused for the same text.
 *
 * <pre>{@code new RemoteModerationPolicy(Duration.ofMillis(800), OnFailure.FALL_BACK_TO_LOCAL, Duration.ofSeconds(30), 10_000)}</pre>
 *
 * @param timeout the deadline of one call, connection included
 * @param cacheTtl how long a verdict is reused for the same kind, preset and text (SHA-256 of it; the text
 *     itself is not kept); zero turns the cache off
 * @param cacheEntries the most verdicts kept; the least recently used goes first
 */
public record RemoteModerationPolicy(Duration timeout, OnFailure onFailure, Duration cacheTtl, int cacheEntries) {
    /** What a remote failure (error, malformed answer, timeout) does. */
    public enum OnFailure {
        /** The text is blocked: {@code ProviderFailed}, a {@code provider_error} incident. */
        FAIL_CLOSED,
        /** The local provider's verdict is used instead, and its reasons say the remote one was unavailable. */
        FALL_BACK_TO_LOCAL;

        public String wireName() {
            return this == FAIL_CLOSED ? "fail_closed" : "local";
        }

        /** {@code fail_closed} or {@code local}. */
        public static OnFailure parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "fail_closed" -> FAIL_CLOSED;
                case "local" -> FALL_BACK_TO_LOCAL;
                default ->
                    throw new IllegalArgumentException(
                            "on_failure must be fail_closed or local, but was '" + text + "'");
            };
        }
    }

    public RemoteModerationPolicy {
        Checks.nonNull("timeout, onFailure, cacheTtl", timeout, onFailure, cacheTtl);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("moderation timeout must be in (0, 60 s], but was " + timeout);
        }
        if (cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("moderation cache TTL must be in [0, 1 h], but was " + cacheTtl);
        }
        Checks.inRange(cacheEntries, 0, 1_000_000, "moderation cache entries");
    }
}
