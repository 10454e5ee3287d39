package ai.lukhas.pwm.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Saturation: a closed loop of {@code clients} concurrent clients, each sending its next request as
 * soon as the previous one has answered, for the warm-up plus the measured window. Throughput counts
 * the requests that completed inside the measured window; their latencies (from each request's own
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
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            loops.add(client(target, recorder, c, clients, measureStart, end));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
        return recorder.result(measure.toNanos() / 1e9);
    }

    /** One client: request {@code i}, then {@code i + clients}, ... until the window has passed. */
    private static CompletableFuture<Void> client(
            Target target, PhaseRecorder recorder, long i, int clients, long measureStart, long end) {
        long sentAt = System.nanoTime();
        if (sentAt >= end) {
            return CompletableFuture.completedFuture(null);
        }
        recorder.sent();
        return target.exchange(i, sentAt).thenCompose(outcome -> {
            long doneAt = System.nanoTime();
            recorder.record(outcome, doneAt >= measureStart && doneAt < end);
            return client(target, recorder, i + clients, clients, measureStart, end);
        });
    }
}
