package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.tools.CanonicalTool;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import ai.lukhas.pwm.governance.tools.ToolRegistry;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.pipeline.Caller;
import ai.lukhas.pwm.pipeline.GovernedPipeline;
import ai.lukhas.pwm.pipeline.GovernedRequest;
import ai.lukhas.pwm.pipeline.GovernedResult;
import ai.lukhas.pwm.pipeline.Outcome;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.UserMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The governed pipeline's overhead with the offline provider (so the model costs next to nothing):
 * {@code direct} calls the provider alone (the pass-through baseline); {@code governedPlain} runs a
 * plain answer through every stage (input moderation, modulation, offer, provider, output
 * moderation, durable audit); {@code governedToolCall} adds a tool call (gate check, execution,
 * tool-output moderation, a second model step). {@code audit=os} acknowledges after the write to
 * the page cache, {@code audit=fsync} after fsync (the default). Single thread: one request at a
 * time, so fsync is never shared by a group commit here.
 *
 * <p>Run: {@code bin/bench -f 1 -wi 3 -i 5 -w 2s -r 2s PipelineBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBenchmark {
    @Param({"os", "fsync"})
    public String audit;

    private Path dir;
    private AuditLog log;
    private ToolGate gate;
    private LlmProvider offline;
    private GovernedPipeline pipeline;
    private ChatRequest directRequest;
    private long n;
    private final Caller caller = new Caller("acme", "key-1", List.of("retrieval", "scheduler"));

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Clock clock = Clock.systemUTC();
        dir = BenchFiles.auditDirectory("pipeline-bench");
        log = AuditLog.open(
                AuditLogConfig.defaults(dir).withDurability(audit.equals("os") ? Durability.OS : Durability.FSYNC),
                AuditRedactor.standard(),
                clock);
        Modulator modulator = Modulator.create(ModulationPolicy.loadDefault(), clock, Flags.fixed(Map.of()));
        gate = ToolGate.create(
                ToolRegistry.builder()
                        .executor(
                                CanonicalTool.RETRIEVAL,
                                (args, ctx) -> new ToolOutcome.Output(
                                        "[{\"id\":\"n1\",\"title\":\"Tides\",\"text\":\"Tides follow the moon.\"}]"))
                        .build(),
                Flags.fixed(Map.of()));
        offline = LlmProvider.offline();
        pipeline = BenchPipeline.over(offline, modulator, gate, log, clock);
        directRequest = ChatRequest.builder("lukhas-default")
                .user("say: Tides follow the moon and the sun helps a little.")
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.close();
        gate.close();
        BenchFiles.deleteTree(dir);
    }

    private GovernedRequest request(String text) {
        n++;
        return GovernedRequest.builder(caller, "bench-" + (n % 1000), "u-" + (n % 100), List.of(new UserMessage(text)))
                .build();
    }

    @Benchmark
    public ChatResponse direct() {
        return offline.complete(directRequest);
    }

    @Benchmark
    public GovernedResult governedPlain() {
        return governed("say: Tides follow the moon and the sun helps a little.");
    }

    @Benchmark
    public GovernedResult governedToolCall() {
        return governed("call retrieve_knowledge with query=tides");
    }

    /** One governed request, which must complete (a refusal would measure the wrong path). */
    private GovernedResult governed(String text) {
        GovernedResult r = pipeline.complete(request(text));
        if (r.outcome() != Outcome.COMPLETED) {
            throw new IllegalStateException("benchmark request was not completed: " + r.outcome());
        }
        return r;
    }
}
