package ai.lukhas.pwm.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Collects one target's outcomes in one phase from many request threads at once. */
final class PhaseRecorder {
    /** Latencies above this are clamped into the top bucket (a request times out well before). */
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final String target;
    private final Histogram latency = new ConcurrentHistogram(HIGHEST_NANOS, 3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder unmeasuredErrors = new LongAdder();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    PhaseRecorder(String target) {
        this.target = target;
    }

    String target() {
        return target;
    }

    void sent() {
        sent.increment();
    }

    /** One finished request; only measured successes enter the histogram. */
    void record(Outcome outcome, boolean measured) {
        switch (outcome) {
            case Outcome.Success s -> {
                if (measured) {
                    requests.increment();
                    latency.recordValue(Math.min(s.latencyNanos(), HIGHEST_NANOS));
                }
            }
            case Outcome.Failure f -> {
                byKind.computeIfAbsent(f.kind(), k -> new LongAdder()).increment();
                if (measured) {
                    requests.increment();
                    errors.increment();
                } else {
                    unmeasuredErrors.increment();
                }
            }
        }
    }

    PhaseResult result(double seconds) {
        Map<String, Long> kinds = new TreeMap<>();
        byKind.forEach((k, v) -> kinds.put(k, v.sum()));
        return new PhaseResult(
                target,
                requests.sum(),
                errors.sum(),
                kinds,
                sent.sum(),
                unmeasuredErrors.sum(),
                seconds,
                LatencySummary.ofNanos(latency));
    }
}
