package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.governance.moderation.ModerationPreset;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.text.GrowingText;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Thread CPU time of a stream's output checks alone (no pipeline): the text of an answer checked after
 * every 4 characters, through {@link Moderator#streamedOutput} (the whole text every time) and through one
 * {@link Moderator.OutputChecks} (work on the settled part kept), handed each time a copy of the text so far
 * ({@code kept}, the prefix made outside the timed part) or the one {@link GrowingText} the 4 characters are
 * appended to ({@code in_place}, as the pipeline's driver does: nothing copied or compared again). Two answers: {@code tide}, prose whose
 * words trigger no rule, and {@code you}, prose whose words trigger rules ("you can run ... push ...
 * them": a verb and a person), whose patterns still run over the whole text at every check.
 *
 * <p>Run: {@code java -cp lukhas-bench/target/benchmarks.jar ai.lukhas.pwm.bench.StreamedModerationCost}
 * (three rounds, the last reported); see docs/benchmarks.md, "Issue #19 levers — a stream's output checks".
 */
public final class StreamedModerationCost {
    private StreamedModerationCost() {}

    private static final String TIDE = "The tide rises twice a day because the moon pulls the ocean toward it; "
            + "at 3 pm on day 12 the range was 2.4 m, and v2 of the chart shows why. ";
    private static final String YOU = "You can run the tests again, and then push the branch to them. ";

    public static void main(String[] args) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Moderator m = Moderator.create(ModerationProvider.local());
        System.out.println("answer\tchars\tchecks\twhole_cpu_ms\tkept_cpu_ms\twhole_last_100_us\tkept_last_100_us"
                + "\tin_place_cpu_ms\tin_place_last_100_us");
        for (int round = 0; round < 3; round++) {
            for (String name : new String[] {"tide", "you"}) {
                for (int len : new int[] {4096, 16384}) {
                    StringBuilder b = new StringBuilder();
                    while (b.length() < len) {
                        b.append(name.equals("tide") ? TIDE : YOU);
                    }
                    String text = b.substring(0, len);
                    long[] whole = run(cpu, text, null, m);
                    long[] kept = run(cpu, text, m.outputChecks(), m);
                    long[] inPlace = inPlace(cpu, text, m.outputChecks());
                    if (round == 2) {
                        System.out.printf(
                                Locale.ROOT,
                                "%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f%n",
                                name,
                                len,
                                len / 4,
                                whole[0] / 1e6,
                                kept[0] / 1e6,
                                whole[1] / 1e5,
                                kept[1] / 1e5,
                                inPlace[0] / 1e6,
                                inPlace[1] / 1e5);
                    }
                }
            }
        }
    }

    /** Total CPU ns of the checks, and of the last 100. */
    private static long[] run(ThreadMXBean cpu, String text, Moderator.OutputChecks checks, Moderator m) {
        long total = 0;
        long last = 0;
        int n = text.length();
        for (int at = 4; at <= n; at += 4) {
            String prefix = text.substring(0, at);
            long start = cpu.getCurrentThreadCpuTime();
            if (checks == null) {
                m.streamedOutput(prefix, ModerationPreset.STANDARD);
            } else {
                checks.streamedOutput(prefix, ModerationPreset.STANDARD);
            }
            long spent = cpu.getCurrentThreadCpuTime() - start;
            total += spent;
            if (at > n - 400) {
                last += spent;
            }
        }
        return new long[] {total, last};
    }

    /** As {@link #run} through {@code checks}, the text appended 4 characters at a time to one growing text. */
    private static long[] inPlace(ThreadMXBean cpu, String text, Moderator.OutputChecks checks) {
        long total = 0;
        long last = 0;
        int n = text.length();
        GrowingText grown = new GrowingText();
        for (int at = 4; at <= n; at += 4) {
            grown.append(text.substring(at - 4, at));
            long start = cpu.getCurrentThreadCpuTime();
            checks.streamedOutput(grown, ModerationPreset.STANDARD);
            long spent = cpu.getCurrentThreadCpuTime() - start;
            total += spent;
            if (at > n - 400) {
                last += spent;
            }
        }
        return new long[] {total, last};
    }
}
