package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.governance.moderation.PendingPhrases;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Thread CPU time of the phrase half of a stream's release rule alone ({@link PendingPhrases#releasable},
 * the local rules), called after every 4 characters of an answer as the pipeline calls it: whether a call
 * costs more as the answer grows. Prints the µs per call of the first and last 100 calls and of each eighth
 * of the answer, third of three rounds. Answers as {@link StreamedModerationCost}: {@code tide} (prose) and
 * {@code you} (words that trigger rules).
 *
 * <p>Run: {@code java -cp lukhas-bench/target/benchmarks.jar ai.lukhas.pwm.bench.PendingPhrasesCost 65536}
 * (see docs/benchmarks.md, "Issue #19 levers — a stream's text read in place").
 */
public final class PendingPhrasesCost {
    private PendingPhrasesCost() {}

    private static final String TIDE = "The tide rises twice a day because the moon pulls the ocean toward it; "
            + "at 3 pm on day 12 the range was 2.4 m, and v2 of the chart shows why. ";
    private static final String YOU = "You can run the tests again, and then push the branch to them. ";

    public static void main(String[] args) {
        int[] lengths = args.length == 0
                ? new int[] {65536}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Moderator m = Moderator.create(ModerationProvider.local());
        System.out.println("answer\tchars\tcalls\tcpu_ms\tfirst_100_us\tlast_100_us\teighths_us_per_call");
        for (int round = 0; round < 3; round++) {
            for (String name : new String[] {"tide", "you"}) {
                for (int len : lengths) {
                    StringBuilder b = new StringBuilder();
                    while (b.length() < len) {
                        b.append(name.equals("tide") ? TIDE : YOU);
                    }
                    String text = b.substring(0, len);
                    PendingPhrases phrases = m.pendingPhrases(64).orElseThrow();
                    StringBuilder grown = new StringBuilder();
                    int calls = len / 4;
                    long[] per = new long[calls];
                    for (int k = 0; k < calls; k++) {
                        grown.append(text, 4 * k, 4 * k + 4);
                        long start = cpu.getCurrentThreadCpuTime();
                        phrases.releasable(grown);
                        per[k] = cpu.getCurrentThreadCpuTime() - start;
                    }
                    if (round == 2) {
                        StringBuilder eighths = new StringBuilder();
                        for (int q = 0; q < 8; q++) {
                            int from = calls * q / 8;
                            int to = calls * (q + 1) / 8;
                            eighths.append(String.format(
                                    Locale.ROOT,
                                    " %.1f",
                                    Arrays.stream(per, from, to).sum() / 1e3 / (to - from)));
                        }
                        System.out.printf(
                                Locale.ROOT,
                                "%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%s%n",
                                name,
                                len,
                                calls,
                                Arrays.stream(per).sum() / 1e6,
                                Arrays.stream(per, 0, 100).sum() / 1e5,
                                Arrays.stream(per, calls - 100, calls).sum() / 1e5,
                                eighths.toString().trim());
                    }
                }
            }
        }
    }
}
