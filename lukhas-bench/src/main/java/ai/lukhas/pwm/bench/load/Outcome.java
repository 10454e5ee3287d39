package ai.lukhas.pwm.bench.load;

import java.util.Objects;

/**
 * How one request ended.
 *
 * <pre>{@code recorder.record(target.exchange(i, dueNanos), measured);}</pre>
 */
sealed interface Outcome {
    /** A 2xx answer carrying the upstream's answer, after {@code latencyNanos} from the (intended) start. */
    record Success(long latencyNanos) implements Outcome {
        public Success {
            if (latencyNanos < 0) {
                throw new IllegalArgumentException("latencyNanos must be >= 0, but was " + latencyNanos);
            }
        }
    }

    /** Anything else: a non-2xx status, an unexpected body, an I/O error or a timeout. */
    record Failure(String kind) implements Outcome {
        public Failure {
            Objects.requireNonNull(kind, "kind");
        }
    }
}
