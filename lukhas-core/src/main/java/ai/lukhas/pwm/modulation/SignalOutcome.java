package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * What happened to a recorded signal. Rejection and suppression are ordinary outcomes, not exceptions.
 *
 * <pre>{@code
 * switch (modulator.record("s1", SignalInput.of("stress", 0.4, "client"))) {
 *     case SignalOutcome.Accepted a -> log(a.activeUntil());
 *     case SignalOutcome.Suppressed s -> log(s.cooldownUntil());
 *     case SignalOutcome.Rejected r -> badRequest(r.reason());
 * }
 * }</pre>
 */
public sealed interface SignalOutcome {
    String signal();

    /** The level is in effect until {@code activeUntil}; {@code clampedFrom} holds an out-of-range input. */
    record Accepted(String signal, double level, Optional<Double> clampedFrom, Instant activeUntil)
            implements SignalOutcome {
        public Accepted {
            Checks.nonNull("signal, clampedFrom, activeUntil", signal, clampedFrom, activeUntil);
        }
    }

    /** Within the signal's cooldown of its last accepted level, so ignored (never for a rise of a safety signal). */
    record Suppressed(String signal, double level, Instant cooldownUntil) implements SignalOutcome {
        public Suppressed {
            Checks.nonNull("signal, cooldownUntil", signal, cooldownUntil);
        }
    }

    /** Not a signal of the policy, or not a finite level; {@code reason} says which and what is expected. */
    record Rejected(String signal, String reason) implements SignalOutcome {
        public Rejected {
            Checks.nonNull("signal, reason", signal, reason);
        }
    }
}
