package ai.lukhas.pwm.bench.load;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.bench.BenchFiles;
import ai.lukhas.pwm.bench.BenchPipeline;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.governance.tools.ToolRegistry;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.pipeline.Caller;
import ai.lukhas.pwm.pipeline.GovernedPipeline;
import ai.lukhas.pwm.pipeline.GovernedRequest;
import ai.lukhas.pwm.pipeline.GovernedStream;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.UserMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's CPU per streamed chunk as the answer grows: drives the real pipeline (default moderation,
 * audit {@code os}) with a benign answer of the given length in chunks of 4 characters (about one token
 * each, as real providers send them) and takes the thread CPU time spent between two chunks handed out by
 * the provider, i.e. everything the gateway does for one chunk (parse-free: the provider is in-process).
 *
 * <pre>{@code
 * java -cp lukhas-bench/target/benchmarks.jar ai.lukhas.pwm.bench.load.StreamChunkCost 1024 4096 16384
 * java -cp lukhas-bench/target/benchmarks.jar ai.lukhas.pwm.bench.load.StreamChunkCost you 4096 16384
 * }</pre>
 *
 * <p>The answer is {@code tide} (prose whose words trigger no rule; the default) or {@code you} (an
 * ordinary answer whose words trigger rules, see {@link #YOU}).
 */
public final class StreamChunkCost {
    static final int CHUNK = 4;
    private static final String PROSE = "The tide rises twice a day because the moon pulls the ocean toward it; "
            + "at 3 pm on day 12 the range was 2.4 m, and v2 of the chart shows why. ";

    /**
     * An ordinary answer whose words trigger rules (a violent-verb trigger, "push", and a person word,
     * "them"), so the triggered rules' patterns run at every check; it matches none of them.
     */
    private static final String YOU = "You can run the tests again, and then push the branch to them. ";

    private StreamChunkCost() {}

    public static void main(String[] args) throws Exception {
        String prose = PROSE;
        if (args.length > 0 && (args[0].equals("you") || args[0].equals("tide"))) {
            prose = args[0].equals("you") ? YOU : PROSE;
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        int[] lengths = args.length == 0
                ? new int[] {1024, 4096, 16384}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createTempDirectory("lukhas-chunk-cost");
        Clock clock = Clock.systemUTC();
        try (AuditLog log = AuditLog.open(
                        AuditLogConfig.defaults(dir).withDurability(Durability.OS), AuditRedactor.standard(), clock);
                ToolGate gate = ToolGate.create(ToolRegistry.builder().build(), Flags.fixed(Map.of()))) {
            Modulator modulator = Modulator.create(ModulationPolicy.loadDefault(), clock, Flags.fixed(Map.of()));
            for (int warm = 0; warm < 3; warm++) {
                for (int len : lengths) {
                    run(modulator, gate, log, clock, answer(prose, Math.min(len, 4096)));
                }
            }
            System.out.println(
                    "answer_chars\tchunks\tstream_cpu_ms\tfirst_100_chunks_us_per_chunk\tlast_100_chunks_us_per_chunk");
            for (int len : lengths) {
                long[] per = run(modulator, gate, log, clock, answer(prose, len));
                long total = Arrays.stream(per).sum();
                int n = per.length;
                int k = Math.min(100, n);
                long first = Arrays.stream(per, 0, k).sum() / k;
                long last = Arrays.stream(per, n - k, n).sum() / k;
                System.out.printf("%d\t%d\t%.1f\t%.1f\t%.1f%n", len, n, total / 1e6, first / 1e3, last / 1e3);
            }
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    static String answer(int length) {
        return answer(PROSE, length);
    }

    private static String answer(String prose, int length) {
        StringBuilder b = new StringBuilder(length + prose.length());
        while (b.length() < length) {
            b.append(prose);
        }
        return b.substring(0, length);
    }

    private static long[] run(Modulator modulator, ToolGate gate, AuditLog log, Clock clock, String answer) {
        Timed provider = new Timed(answer);
        GovernedPipeline pipeline = BenchPipeline.over(provider, modulator, gate, log, clock);
        GovernedRequest request = GovernedRequest.builder(
                        new Caller("acme", "key-1", List.of()),
                        "chunks",
                        "u",
                        List.of(new UserMessage("Explain tides.")))
                .build();
        int released = 0;
        try (GovernedStream s = pipeline.stream(request)) {
            for (Optional<ChatDelta> d = s.next(); d.isPresent(); d = s.next()) {
                if (d.get() instanceof ChatDelta.Content c) {
                    released += c.text().length();
                }
            }
        }
        if (released != answer.length()) {
            throw new IllegalStateException("released " + released + " of " + answer.length());
        }
        return Arrays.copyOf(provider.between, provider.chunks - 1);
    }

    /** Hands out the answer in 4-character chunks and keeps the thread CPU time between two chunks. */
    private static final class Timed implements LlmProvider {
        private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
        private final String answer;
        final long[] between;
        int chunks;

        Timed(String answer) {
            this.answer = answer;
            this.between = new long[answer.length() / CHUNK + 2];
        }

        @Override
        public String name() {
            return "timed";
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            throw new UnsupportedOperationException("streams only");
        }

        @Override
        public ChatStream stream(ChatRequest request) {
            return new ChatStream() {
                int at = -1;
                long last;

                @Override
                public Optional<ChatDelta> next() {
                    long now = CPU.getCurrentThreadCpuTime();
                    if (at < 0) {
                        at = 0;
                        return Optional.of(new ChatDelta.Started("t-1", "gpt-4o-mini"));
                    }
                    if (at >= answer.length()) {
                        return at++ == answer.length()
                                ? Optional.of(new ChatDelta.Finished(FinishReason.STOP))
                                : Optional.empty();
                    }
                    if (chunks > 0) {
                        between[chunks - 1] = now - last;
                    }
                    chunks++;
                    String c = answer.substring(at, Math.min(answer.length(), at + CHUNK));
                    at += CHUNK;
                    last = CPU.getCurrentThreadCpuTime();
                    return Optional.of(new ChatDelta.Content(c));
                }

                @Override
                public void close() {}
            };
        }
    }
}
