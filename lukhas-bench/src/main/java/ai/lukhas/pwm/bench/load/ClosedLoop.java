package ai.lukhas.pwm.bench.load;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Saturation: a closed loop of {@code clients} virtual threads, each sending its next request as soon
 * as the previous one has answered, for the warm-up plus the measured window. Throughput counts the
 * requests that completed inside the measured window; their latencies (from each request's own
 * start) go into the histogram.
 */
final class ClosedLoop {
    private ClosedLoop() {}

    static PhaseResult run(Target target, int clients, Duration warmup, Duration measure) {
        if (clients < 1 || clients > 10_000) {
            throw new IllegalArgumentException("clients must be in [1, 10000], but was " + clients);
        }
        PhaseRecorder recorder = new PhaseRecorder(target.name());
        long start = System.nanoTime();
        long measureStart = start + warmup.toNanos();
        long end = measureStart + measure.toNanos();
        try (ExecutorService loop = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                long first = c;
                loop.execute(() -> {
                    for (long i = first; ; i += clients) {
                        long sentAt = System.nanoTime();
                        if (sentAt >= end) {
                            return;
                        }
                        recorder.sent();
                        Outcome outcome = target.exchange(i, sentAt);
                        long doneAt = System.nanoTime();
                        recorder.record(outcome, doneAt >= measureStart && doneAt < end);
                    }
                });
            }
        }
        return recorder.result(measure.toNanos() / 1e9);
    }
}
