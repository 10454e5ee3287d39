package ai.lukhas.pwm.bench.load;

import java.util.Map;
import java.util.Objects;

/**
 * What one target did in one measured phase. {@code requests} and {@code errors} count the measured
 * window only; {@code sent} counts every request the harness issued to the target in the phase,
 * warm-up included, and {@code unmeasuredErrors} the failures outside the window (in the warm-up, or
 * in a closed loop completing after the window). Latency covers the
 * successful measured requests only: an error is never measured as a fast response.
 *
 * <pre>{@code double rps = result.throughput();}</pre>
 *
 * @param target {@code direct} or {@code governed}
 * @param requests measured requests that completed (successfully or not)
 * @param errors measured requests that failed: non-2xx, an unexpected body, or an I/O error
 * @param errorsByKind {@code errors} plus {@code unmeasuredErrors}, by kind ({@code "status 429"}...)
 * @param sent every request issued in the phase, warm-up included
 * @param unmeasuredErrors failures outside the measured window
 * @param seconds the measured window
 * @param latency of the successful measured requests
 */
record PhaseResult(
        String target,
        long requests,
        long errors,
        Map<String, Long> errorsByKind,
        long sent,
        long unmeasuredErrors,
        double seconds,
        LatencySummary latency) {
    PhaseResult {
        Objects.requireNonNull(target, "target");
        errorsByKind = Map.copyOf(Objects.requireNonNull(errorsByKind, "errorsByKind"));
        Objects.requireNonNull(latency, "latency");
        if (requests < 0 || errors < 0 || errors > requests || sent < 0 || unmeasuredErrors < 0) {
            throw new IllegalArgumentException("counts must be consistent (0 <= errors <= requests), but were requests="
                    + requests + " errors=" + errors + " sent=" + sent + " unmeasuredErrors=" + unmeasuredErrors);
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be > 0, but was " + seconds);
        }
    }

    /** Successful measured requests per second. */
    double throughput() {
        return (requests - errors) / seconds;
    }

    /** Every failure of the phase, measured or not. */
    long allErrors() {
        return errors + unmeasuredErrors;
    }
}
