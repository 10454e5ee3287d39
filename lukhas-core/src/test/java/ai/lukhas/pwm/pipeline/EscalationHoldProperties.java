package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.governance.incident.IncidentKind;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.FunctionDefinition;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.UserMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Safety invariant 1 over the whole pipeline (issue 15, item 1): after an incident, no sequence of
 * client-supplied signals — in requests, in the session route, at any level including
 * {@code alignment_risk = 0}, in the same or a fresh session of the same user — lowers any parameter
 * below the strict caps the incident fixed, while the escalation hold lasts. Drives {@link
 * GovernedPipeline} itself over generated policies (caps, modes, tool lists, ttls and cooldowns vary),
 * and checks what reached the provider and what executed, not only the reported parameters.
 */
class EscalationHoldProperties {
    private static final Map<String, String> TOOL_NAMES = Map.of(
            "retrieval", "retrieve_knowledge",
            "browser", "open_url",
            "scheduler", "schedule_task",
            "code_exec", "exec_code");

    /** The variable parts of a generated policy; the rest is fixed text. */
    record PolicyShape(
            double defaultTemperature,
            String defaultMode,
            double capTemperatureA,
            double capTemperatureB,
            double capTopP,
            int capMaxTokens,
            String riskMode,
            List<String> riskTools,
            long riskTtlMs,
            long riskCooldownMs,
            long ordinaryTtlMs,
            long ordinaryCooldownMs) {

        double temperatureCap() {
            return clamp(Math.max(0.0, capTemperatureA - capTemperatureB), 0.0, 1.0);
        }

        double topPCap() {
            return clamp(capTopP, 0.1, 1.0);
        }

        int maxTokensCap() {
            return (int) clamp(capMaxTokens, 256, 2048);
        }

        String yaml() {
            String tools = riskTools.stream().map(t -> "'" + t + "'").collect(Collectors.joining(","));
            return """
                    version: 1
                    signals:
                      - {name: alignment_risk, weight: 1.0, cooldown_ms: %d, ttl_ms: %d, safety: true}
                      - {name: novelty, weight: 0.6, cooldown_ms: %d, ttl_ms: %d}
                      - {name: trust, weight: 0.4, cooldown_ms: %d, ttl_ms: %d}
                      - {name: stress, weight: 0.9, cooldown_ms: %d, ttl_ms: %d}
                    defaults: {temperature: %s, top_p: 0.9, max_output_tokens: 1500, reasoning_effort: 0.5,
                               retrieval_k: 6, planner_beam: 2, memory_write: 0.4, safety_mode: %s,
                               tool_allowlist: [retrieval, browser, scheduler, code_exec]}
                    bounds:
                      temperature: {range: [0.0, 1.0], tighten: down}
                      top_p: {range: [0.1, 1.0], tighten: down}
                      max_output_tokens: {range: [256, 2048], tighten: down}
                      reasoning_effort: {range: [0.0, 1.0], tighten: up}
                      retrieval_k: {range: [2, 10], tighten: down}
                      planner_beam: {range: [1, 6], tighten: down}
                      memory_write: {range: [0.1, 1.0], tighten: down}
                      safety_mode: {values: [strict, balanced, creative], tighten: strict}
                      tool_allowlist: {values: [retrieval, browser, scheduler, code_exec], tighten: fewer}
                    maps:
                      alignment_risk:
                        temperature: "max(0.0, %s - %s*x)"
                        top_p: "%s"
                        max_output_tokens: "%d"
                        safety_mode: "%s"
                        tool_allowlist: "[%s]"
                      novelty:
                        temperature: "min(1.0, 0.6 + 0.6*x)"
                        top_p: "min(1.0, 0.7 + 0.3*x)"
                        max_output_tokens: "round(1200 + 800*x)"
                        safety_mode: "creative"
                      trust:
                        temperature: "min(1.0, 0.5 + 0.4*x)"
                        safety_mode: "balanced if x>0.6 else current"
                      stress:
                        temperature: "max(0.1, 0.7 - 0.6*x)"
                    prompt_styles:
                      strict: {preamble: s, moderation_preset: high, stop_sequences: []}
                      balanced: {preamble: b, moderation_preset: standard, stop_sequences: []}
                      creative: {preamble: c, moderation_preset: standard, stop_sequences: []}
                    """.formatted(
                            riskCooldownMs,
                            riskTtlMs,
                            ordinaryCooldownMs,
                            ordinaryTtlMs,
                            ordinaryCooldownMs,
                            ordinaryTtlMs,
                            ordinaryCooldownMs,
                            ordinaryTtlMs,
                            defaultTemperature,
                            defaultMode,
                            capTemperatureA,
                            capTemperatureB,
                            capTopP,
                            capMaxTokens,
                            riskMode,
                            tools);
        }
    }

    /** What a client does after the incident. */
    sealed interface Action {}

    record Request(List<SignalInput> signals, String text, boolean freshSessionOfSameUser) implements Action {}

    record SessionCall(List<SignalInput> signals) implements Action {}

    record Wait(Duration d) implements Action {}

    @Property(tries = 60)
    void noClientSignalSequenceLoosensAHeldSessionBelowTheStrictCaps(
            @ForAll("policies") PolicyShape shape, @ForAll("actions") List<Action> actions) throws IOException {
        ModulationPolicy policy = ModulationPolicy.parse(shape.yaml(), "generated.yaml");
        Path dir = Files.createTempDirectory("lukhas-escalation-hold");
        try (PipelineFixture f = new PipelineFixture(
                dir, policy, c -> LlmProvider.offline(), ModerationProvider.local(), Durability.OS, (c, b) -> b)) {
            String session = "s-0";
            GovernedResult incident =
                    f.pipeline.complete(request(session, "call delete_everything with path=/", List.of()));
            assertThat(incident.incidents()).extracting(i -> i.kind()).contains(IncidentKind.BLOCKED_TOOL);
            int checkedFrom = f.providerRequests.size() - 1; // the step after the violation

            int fresh = 0;
            for (Action a : actions) {
                switch (a) {
                    case Request r -> {
                        if (r.freshSessionOfSameUser()) {
                            session = "s-" + (++fresh);
                        }
                        GovernedResult result = f.pipeline.complete(request(session, r.text(), r.signals()));
                        assertHeld(shape, result.params(), "request result");
                        assertThat(result.safetyMode()).isEqualTo(SafetyMode.STRICT);
                    }
                    case SessionCall c -> {
                        SessionKey key = PipelineFixture.key(session);
                        f.pipeline.sessions().record(key, PipelineFixture.CALLER.keyId(), c.signals());
                        assertHeld(shape, f.pipeline.sessions().modulate(key).params(), "session route");
                    }
                    case Wait w -> f.clock.advance(w.d());
                }
            }

            Set<String> allowedNames =
                    shape.riskTools().stream().map(TOOL_NAMES::get).collect(Collectors.toSet());
            for (ChatRequest sent : f.providerRequests.subList(Math.max(0, checkedFrom), f.providerRequests.size())) {
                assertThat(sent.temperature().orElseThrow()).isLessThanOrEqualTo(shape.temperatureCap() + 1e-9);
                assertThat(sent.topP().orElseThrow()).isLessThanOrEqualTo(shape.topPCap() + 1e-9);
                assertThat(sent.maxOutputTokens().orElseThrow()).isLessThanOrEqualTo(shape.maxTokensCap());
                assertThat(sent.tools().stream().map(FunctionDefinition::name).toList())
                        .isSubsetOf(allowedNames);
            }
            assertThat(f.executed.stream()
                            .map(e -> e.substring(0, e.indexOf(' ')))
                            .toList())
                    .as("only tools the strict allowlist names ran")
                    .isSubsetOf(shape.riskTools());
        } finally {
            PipelineFixture.deleteTree(dir);
        }
    }

    private static void assertHeld(PolicyShape shape, ModulatedParams p, String where) {
        assertThat(p.safetyMode()).as(where + ": safety_mode").isEqualTo(SafetyMode.STRICT);
        assertThat(p.temperature()).as(where + ": temperature").isLessThanOrEqualTo(shape.temperatureCap() + 1e-9);
        assertThat(p.topP()).as(where + ": top_p").isLessThanOrEqualTo(shape.topPCap() + 1e-9);
        assertThat(p.maxOutputTokens()).as(where + ": max_output_tokens").isLessThanOrEqualTo(shape.maxTokensCap());
        assertThat(p.toolAllowlist()).as(where + ": tool_allowlist").isSubsetOf(shape.riskTools());
    }

    private static GovernedRequest request(String session, String text, List<SignalInput> signals) {
        return GovernedRequest.builder(PipelineFixture.CALLER, session, "u-1", List.of(new UserMessage(text)))
                .signals(signals)
                .build();
    }

    @Provide
    Arbitrary<PolicyShape> policies() {
        Arbitrary<List<String>> tools = Arbitraries.subsetOf("retrieval", "browser", "scheduler", "code_exec")
                .map(s -> s.stream().sorted().toList());
        return Combinators.combine(
                        Combinators.combine(
                                        Arbitraries.of(0.3, 0.6, 0.9),
                                        Arbitraries.of("balanced", "creative"),
                                        Arbitraries.of(0.2, 0.5, 1.0, 1.5),
                                        Arbitraries.of(0.0, 0.3, 0.85),
                                        Arbitraries.of(0.05, 0.3, 0.9, 1.0),
                                        Arbitraries.of(100, 300, 900, 3000))
                                .as((dt, dm, a, b, p, m) -> new Object[] {dt, dm, a, b, p, m}),
                        Arbitraries.of("strict", "balanced", "current", "creative"),
                        tools,
                        Arbitraries.of(1_000L, 60_000L, 600_000L, 3_600_000L),
                        Arbitraries.of(0L, 500L, 120_000L),
                        Arbitraries.of(1_000L, 60_000L, 3_600_000L),
                        Arbitraries.of(0L, 300L, 5_000L))
                .as((o, mode, t, rTtl, rCool, oTtl, oCool) -> new PolicyShape(
                        (double) o[0],
                        (String) o[1],
                        (double) o[2],
                        (double) o[3],
                        (double) o[4],
                        (int) o[5],
                        mode,
                        t,
                        rTtl,
                        rCool,
                        oTtl,
                        oCool));
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<SignalInput> signal = Combinators.combine(
                        Arbitraries.of("alignment_risk", "alignment_risk", "novelty", "trust", "stress"),
                        Arbitraries.oneOf(
                                Arbitraries.of(0.0, 0.0, 1.0, 0.1, 0.5),
                                Arbitraries.doubles().between(-0.5, 1.5)),
                        Arbitraries.longs()
                                .between(1, 86_400_000L)
                                .map(Duration::ofMillis)
                                .optional(0.4))
                .as((name, level, ttl) -> new SignalInput(name, level, ttl, "client"));
        Arbitrary<List<SignalInput>> signals = signal.list().ofMaxSize(4).uniqueElements(SignalInput::name);
        Arbitrary<Action> request = Combinators.combine(
                        signals,
                        Arbitraries.of(
                                "hello",
                                "call schedule_task with when=in 2 hours, note=tea",
                                "call open_url with url=https://example.com",
                                "call retrieve_knowledge with query=tides",
                                "call exec_code with language=python, source=print(1)"),
                        Arbitraries.of(false, false, false, true))
                .as(Request::new);
        Arbitrary<Action> sessionCall = signals.filter(l -> !l.isEmpty()).map(SessionCall::new);
        Arbitrary<Action> wait = Arbitraries.longs().between(0, 60_000).map(ms -> new Wait(Duration.ofMillis(ms)));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, request),
                        net.jqwik.api.Tuple.of(2, sessionCall),
                        net.jqwik.api.Tuple.of(2, wait))
                .list()
                .ofMinSize(1)
                .ofMaxSize(8);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
