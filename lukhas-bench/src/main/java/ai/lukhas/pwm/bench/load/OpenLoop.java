package ai.lukhas.pwm.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Light load: an open loop at a fixed rate per target, the targets interleaved. Request {@code i}
 * of target {@code k} (of {@code n}) is due at {@code start + i/rate + k/(n*rate)}, so the targets
 * alternate evenly and see the same machine. Each request is sent (asynchronously) when it is due,
 * whether or not earlier ones have answered, and its latency is measured from when it was
 * due: a stall in the gateway (or in the harness) shows up as latency instead of silently delaying
 * the next requests (no coordinated omission). Requests due in the warm-up are sent and checked but
 * not measured. Every request runs to its end (answer, error or the request timeout) before the
 * results are taken.
 */
final class OpenLoop {
    private OpenLoop() {}

    /**
     * Runs the loop.
     *
     * @param ratePerTarget requests per second to each target
     * @param atMeasureStart called once, just before the first measured request is sent
     * @return one result per target, in order
     */
    static List<PhaseResult> run(
            List<Target> targets, double ratePerTarget, Duration warmup, Duration measure, Runnable atMeasureStart) {
        if (!(ratePerTarget > 0) || ratePerTarget > 1_000_000) {
            throw new IllegalArgumentException("rate must be in (0, 1000000] requests/s, but was " + ratePerTarget);
        }
        int n = targets.size();
        List<PhaseRecorder> recorders = new ArrayList<>();
        for (Target t : targets) {
            recorders.add(new PhaseRecorder(t.name()));
        }
        double period = 1e9 / ratePerTarget;
        long start = System.nanoTime() + Duration.ofMillis(20).toNanos();
        long measureStart = start + warmup.toNanos();
        long end = measureStart + measure.toNanos();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        boolean measuring = false;
        for (long i = 0; ; i++) {
            long base = start + (long) (i * period);
            if (base >= end) {
                break;
            }
            if (!measuring && base >= measureStart) {
                waitUntil(base);
                atMeasureStart.run();
                measuring = true;
            }
            for (int k = 0; k < n; k++) {
                long due = base + (long) (k * period / n);
                waitUntil(due);
                boolean measured = base >= measureStart;
                Target target = targets.get(k);
                PhaseRecorder recorder = recorders.get(k);
                long index = i;
                recorder.sent();
                inFlight.add(target.exchange(index, due).thenAccept(o -> recorder.record(o, measured)));
            }
        }
        // Every request ends: by its answer, an error or Target.REQUEST_TIMEOUT.
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        double seconds = measure.toNanos() / 1e9;
        return recorders.stream().map(r -> r.result(seconds)).toList();
    }

    private static void waitUntil(long due) {
        for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
