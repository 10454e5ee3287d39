package ai.lukhas.pwm.governance.tools;

import java.time.Duration;
import java.util.Objects;

/**
 * The budget the gate gives one tool execution: a timeout and a cap on the output returned to the model.
 *
 * <pre>{@code ExecutionLimits.DEFAULT.withTimeout(Duration.ofSeconds(2))}</pre>
 *
 * @param timeout how long the executor may run before it is interrupted and the call fails
 * @param maxOutputChars longer outputs are cut to this many characters and marked as truncated
 */
public record ExecutionLimits(Duration timeout, int maxOutputChars) {
    /** 200 ms and 16,000 characters. */
    public static final ExecutionLimits DEFAULT = new ExecutionLimits(Duration.ofMillis(200), 16_000);

    public ExecutionLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        if (maxOutputChars < 1) {
            throw new IllegalArgumentException("maxOutputChars must be >= 1, but was " + maxOutputChars);
        }
    }

    public ExecutionLimits withTimeout(Duration newTimeout) {
        return new ExecutionLimits(newTimeout, maxOutputChars);
    }

    public ExecutionLimits withMaxOutputChars(int newMax) {
        return new ExecutionLimits(timeout, newMax);
    }
}
