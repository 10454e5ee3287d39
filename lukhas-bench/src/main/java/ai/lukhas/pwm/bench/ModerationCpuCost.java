package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.governance.moderation.ModerationPreset;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.Moderator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Thread CPU time (not wall time, which a loaded host distorts) per moderation call of the local
 * provider, on the texts of {@link ModerationBenchmark}: rounds of {@code n} calls (a tenth for the
 * page), the best of the last three rounds reported per text. Uses only the public API, so the same
 * class runs against an older build's jar for a before/after comparison.
 *
 * <p>Run: {@code java -cp lukhas-bench/target/benchmarks.jar ai.lukhas.pwm.bench.ModerationCpuCost 3000 8 stream}
 * (calls per round, rounds, and {@code stream} to add the stream release rule, which older builds do
 * not have); see docs/benchmarks.md, "Moderation".
 */
public final class ModerationCpuCost {
    private ModerationCpuCost() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        ModerationBenchmark texts = new ModerationBenchmark();
        texts.setUp();
        Moderator m = Moderator.create(ModerationProvider.local());
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("userInput", () -> m.userInput(texts.prompt, ModerationPreset.STANDARD));
        calls.put("userInput1k", () -> m.userInput(texts.prompt1k, ModerationPreset.STANDARD));
        calls.put("finalOutput", () -> m.finalOutput(texts.answer, ModerationPreset.STANDARD));
        calls.put("toolOutputPage", () -> m.toolOutput("open_url", texts.page, ModerationPreset.HIGH));
        if (args.length > 2 && args[2].equals("stream")) {
            // the phrase half of the stream release rule over the 1 KB answer in 6-character chunks (after only)
            calls.put("streamRelease1k", texts::streamRelease1k);
        }
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Runnable> call : calls.entrySet()) {
            int calls1 = call.getKey().equals("toolOutputPage") ? Math.max(1, n / 10) : n;
            double[] perCall = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long c0 = t.getCurrentThreadCpuTime();
                for (int i = 0; i < calls1; i++) {
                    call.getValue().run();
                }
                perCall[r] = (t.getCurrentThreadCpuTime() - c0) / 1e3 / calls1;
            }
            double best = Double.MAX_VALUE;
            for (int r = Math.max(0, rounds - 3); r < rounds; r++) {
                best = Math.min(best, perCall[r]);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s %.1f us CPU per call (best of the last 3 of %d rounds of %d)%n",
                    call.getKey(),
                    best,
                    rounds,
                    calls1);
        }
    }
}
