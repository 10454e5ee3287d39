package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * One observation of a context signal. The level is taken as given here; the {@link Modulator}
 * rejects unknown names and non-finite levels and clamps finite levels into [0, 1] (and says so in
 * its {@link SignalOutcome}). Without a ttl, the policy's ttl_ms for the signal applies.
 *
 * <pre>{@code
 * new SignalInput("alignment_risk", 1.0, Optional.empty(), "guardian");
 * new SignalInput("stress", 0.4, Optional.of(Duration.ofSeconds(30)), "client");
 * }</pre>
 */
public record SignalInput(String name, double level, Optional<Duration> ttl, String source) {
    public SignalInput {
        Checks.nonNull("name, ttl, source", name, ttl, source);
        if (ttl.isPresent() && (ttl.get().isNegative() || ttl.get().isZero())) {
            throw new IllegalArgumentException("ttl must be positive, but was " + ttl.get());
        }
    }

    /** A signal with the policy's default ttl. */
    public static SignalInput of(String name, double level, String source) {
        return new SignalInput(name, level, Optional.empty(), source);
    }
}
