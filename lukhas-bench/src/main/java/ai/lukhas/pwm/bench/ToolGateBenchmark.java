package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.tools.CanonicalTool;
import ai.lukhas.pwm.governance.tools.ToolCall;
import ai.lukhas.pwm.governance.tools.ToolCallDecision;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.governance.tools.ToolOffer;
import ai.lukhas.pwm.governance.tools.ToolOfferRequest;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import ai.lukhas.pwm.governance.tools.ToolRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of tool governance per request and per call: building the offer, and the call-time check of a
 * valid call, a schema-invalid call and a hallucinated name (no executor runs in any of them).
 *
 * <p>Run: {@code bin/bench -f 1 -wi 3 -i 5 -w 2s -r 2s ToolGateBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ToolGateBenchmark {
    private ToolGate gate;
    private ToolOfferRequest request;
    private ToolOffer offer;
    private final ToolCall valid =
            new ToolCall("c1", "retrieve_knowledge", "{\"query\":\"refund policy for damaged parcels\",\"k\":5}");
    private final ToolCall invalid = new ToolCall("c2", "retrieve_knowledge", "{\"query\":\"refunds\",\"k\":99}");
    private final ToolCall hallucinated = new ToolCall("c3", "delete_all_files", "{\"path\":\"/\"}");

    @Setup(Level.Trial)
    public void setUp() {
        ToolRegistry registry = ToolRegistry.builder()
                .executor(CanonicalTool.RETRIEVAL, (a, c) -> new ToolOutcome.Output("[]"))
                .executor(CanonicalTool.SCHEDULER, (a, c) -> new ToolOutcome.Output("{}"))
                .executor(CanonicalTool.BROWSER, (a, c) -> new ToolOutcome.Output(""))
                .build();
        gate = ToolGate.create(registry, Flags.fixed(Map.of("BROWSER_TOOL", true)));
        request = ToolOfferRequest.of(List.of("retrieval", "browser", "scheduler", "code_exec"))
                .withRequestAllowlist(List.of("retrieval", "scheduler", "browser"));
        offer = gate.offer(request);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gate.close();
    }

    @Benchmark
    public ToolOffer offer() {
        return gate.offer(request);
    }

    @Benchmark
    public ToolCallDecision checkValidCall() {
        return gate.check(offer, valid);
    }

    @Benchmark
    public ToolCallDecision checkSchemaInvalidCall() {
        return gate.check(offer, invalid);
    }

    @Benchmark
    public ToolCallDecision checkHallucinatedName() {
        return gate.check(offer, hallucinated);
    }
}
