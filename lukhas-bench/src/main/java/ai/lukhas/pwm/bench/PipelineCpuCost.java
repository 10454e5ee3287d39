package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.governance.moderation.ModerationPreset;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.pipeline.GovernedResult;
import ai.lukhas.pwm.pipeline.Outcome;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Thread CPU time and bytes allocated per call on the request thread (not wall time, which a loaded host
 * distorts): a governed plain request and a tool-call request of {@link PipelineBenchmark} ({@code audit=os};
 * the audit writer thread's own work is not counted), and the local moderation of the peer harness's chat
 * request and of the mock upstream's answer (docs/benchmarks.md). Rounds of {@code n} calls, the best of the last
 * three rounds reported. Uses only the public API, so the same class runs against an older build's jar for a
 * before/after comparison.
 *
 * <p>Run: {@code java -cp lukhas-bench/target/benchmarks.jar ai.lukhas.pwm.bench.PipelineCpuCost 2000 8}
 * (calls per round, rounds, optionally the start of the names of the calls to run); see docs/benchmarks.md, "Issue #19 levers — per-request work".
 */
public final class PipelineCpuCost {
    /** The user message of the peer harness's chat request (wrk/body.json). */
    static final String HARNESS_INPUT = "Hi! I ordered two paperback copies of a cookbook last Tuesday and the"
            + " tracking page still says label created. Can you tell me what that usually means and whether I"
            + " should contact the courier or wait a bit longer before asking for a refund?";
    /** The mock upstream's answer in the peer harness. */
    static final String HARNESS_OUTPUT =
            "Hello! This is a fixed reply from the mock upstream. It is used to measure gateway overhead.";

    private PipelineCpuCost() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        PipelineBenchmark pipeline = new PipelineBenchmark();
        pipeline.audit = "os";
        pipeline.setUp();
        Moderator m = Moderator.create(ModerationProvider.local());
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("moderateHarnessInput", () -> m.userInput(HARNESS_INPUT, ModerationPreset.STANDARD));
        calls.put("moderateHarnessOutput", () -> m.finalOutput(HARNESS_OUTPUT, ModerationPreset.STANDARD));
        calls.put("governedPlain", () -> check(pipeline.governedPlain()));
        calls.put("governedToolCall", () -> check(pipeline.governedToolCall()));
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        try {
            for (Map.Entry<String, Runnable> call : calls.entrySet()) {
                if (args.length > 2 && !call.getKey().startsWith(args[2])) {
                    continue;
                }
                double bestCpu = Double.MAX_VALUE;
                double bestBytes = Double.MAX_VALUE;
                for (int r = 0; r < rounds; r++) {
                    long c0 = t.getCurrentThreadCpuTime();
                    long b0 = t.getThreadAllocatedBytes(self);
                    for (int i = 0; i < n; i++) {
                        call.getValue().run();
                    }
                    double cpu = (t.getCurrentThreadCpuTime() - c0) / 1e3 / n;
                    double bytes = (double) (t.getThreadAllocatedBytes(self) - b0) / n;
                    if (r >= rounds - 3) {
                        bestCpu = Math.min(bestCpu, cpu);
                        bestBytes = Math.min(bestBytes, bytes);
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "%s %.1f us CPU, %.0f B allocated per call (best of the last 3 of %d rounds of %d)%n",
                        call.getKey(),
                        bestCpu,
                        bestBytes,
                        rounds,
                        n);
            }
        } finally {
            pipeline.tearDown();
        }
    }

    private static void check(GovernedResult r) {
        if (r.outcome() != Outcome.COMPLETED) {
            throw new IllegalStateException("benchmark request was not completed: " + r.outcome());
        }
    }
}
