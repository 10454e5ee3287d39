import ai.lukhas.pwm.governance.moderation.ModerationPreset;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.Moderator;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Thread CPU per call of the local moderation of the peer harness's two texts (the user message and the mock's
 * answer, as PipelineCpuCost), read as the least and the quartiles of many short rounds (2,000 calls, ~8 ms),
 * the two calls alternating: a round the scheduler interrupts is slower, so on a loaded machine the least of
 * 200 rounds moves much less than the best of PipelineCpuCost's last three long ones. Public API only, so the
 * same class runs against an older build's jar. Run (see README.md):
 * {@code javac -cp JAR -d /tmp/mc MinCpu.java && java -cp JAR:/tmp/mc MinCpu 200}
 */
public class MinCpu {
    static final String IN = "Hi! I ordered two paperback copies of a cookbook last Tuesday and the"
            + " tracking page still says label created. Can you tell me what that usually means and whether I"
            + " should contact the courier or wait a bit longer before asking for a refund?";
    static final String OUT =
            "Hello! This is a fixed reply from the mock upstream. It is used to measure gateway overhead.";

    public static void main(String[] a) {
        Moderator m = Moderator.create(ModerationProvider.local());
        var t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        int n = 2000;
        int rounds = Integer.parseInt(a[0]);
        Runnable[] calls = {
            () -> m.userInput(IN, ModerationPreset.STANDARD), () -> m.finalOutput(OUT, ModerationPreset.STANDARD)
        };
        String[] names = {"input", "output"};
        for (int i = 0; i < 200_000; i++) { // warm both
            calls[0].run();
            calls[1].run();
        }
        double[][] us = new double[2][rounds];
        long[] bytes = new long[2];
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < 2; c++) {
                long b0 = t.getThreadAllocatedBytes(self);
                long c0 = t.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    calls[c].run();
                }
                us[c][r] = (t.getCurrentThreadCpuTime() - c0) / 1e3 / n;
                bytes[c] = (t.getThreadAllocatedBytes(self) - b0) / n;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < 2; c++) {
            Arrays.sort(us[c]);
            out.append(String.format(
                    java.util.Locale.ROOT,
                    "%s least %.2f p25 %.2f median %.2f us, %d B;  ",
                    names[c],
                    us[c][0],
                    us[c][rounds / 4],
                    us[c][rounds / 2],
                    bytes[c]));
        }
        System.out.println(out);
    }
}
