package ai.lukhas.pwm.server.auth;

import ai.lukhas.pwm.server.config.LukhasConfig.RateLimit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/** Token buckets on the injected clock, shared by the per-key rate limit and the failed-auth throttle. */
final class TokenBuckets {
    private final TimeMeter time;

    TokenBuckets(Clock clock) {
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** {@code burst} tokens at once, refilled one at a time at {@code requests_per_second}. */
    Bucket bucket(RateLimit limit) {
        Duration perToken = Duration.ofNanos(Math.max(1, (long) (1e9 / limit.requestsPerSecond())));
        return Bucket.builder()
                .withCustomTimePrecision(time)
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(1, perToken)
                        .build())
                .build();
    }

    /** Whole seconds to wait for a token, at least 1: the {@code Retry-After} value. */
    static long retryAfterSeconds(long nanosToWait) {
        long seconds = Duration.ofNanos(nanosToWait).toSeconds() + (nanosToWait % 1_000_000_000L == 0 ? 0 : 1);
        return Math.max(1, seconds);
    }
}
