package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * When to retry a retriable failure (429, 5xx, timeout, network): at most {@code maxAttempts}
 * attempts in all, never past {@code totalDeadline} from the start of the call. The wait before
 * attempt n+1 is the upstream's Retry-After when given, else {@code min(maxBackoff, initialBackoff
 * * multiplier^(n-1))} reduced by a random fraction of up to {@code jitter}.
 *
 * <pre>{@code
 * new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), 2.0, 0.5, Duration.ofSeconds(60))
 * }</pre>
 */
public record RetryPolicy(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        double multiplier,
        double jitter,
        Duration totalDeadline) {
    /** 4 attempts, 0.5 s doubling up to 8 s, up to 50 % jitter, 60 s in all. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), 2.0, 0.5, Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry maxAttempts must be >= 1, but was " + maxAttempts);
        }
        positive(initialBackoff, "retry initialBackoff");
        positive(maxBackoff, "retry maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "retry maxBackoff must be >= initialBackoff (" + initialBackoff + "), but was " + maxBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("retry multiplier must be a finite number >= 1, but was " + multiplier);
        }
        Checks.inRange(jitter, 0, 1, "retry jitter");
        positive(totalDeadline, "retry totalDeadline");
    }

    /** No retries: one attempt within the deadline. */
    public static RetryPolicy none(Duration totalDeadline) {
        return new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0, totalDeadline);
    }

    /**
     * The backoff before attempt {@code failedAttempt + 1}, given a random number in [0, 1).
     */
    Duration backoff(int failedAttempt, double random) {
        double base = initialBackoff.toNanos() * Math.pow(multiplier, failedAttempt - 1);
        double capped = Math.min(maxBackoff.toNanos(), base);
        return Duration.ofNanos((long) (capped * (1.0 - jitter * random)));
    }

    private static void positive(Duration d, String field) {
        Objects.requireNonNull(d, field + " must not be null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, but was " + d);
        }
    }
}
