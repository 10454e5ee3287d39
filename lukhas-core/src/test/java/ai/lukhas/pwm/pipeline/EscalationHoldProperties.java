package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.incident.IncidentKind;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.FunctionDefinition;
import ai.lukhas.pwm.provider.UserMessage;
import ai.lukhas.pwm.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * below the strict caps the incident fixed, while the escalation hold lasts, whatever feedback the user
 * gave (invariant 2: a feedback rule must not loosen the hold's strict floor either). Drives {@link
 * GovernedPipeline} itself over generated policies ({@link GeneratedPolicy}: caps, modes, tool lists,
 * ttls and cooldowns vary) and generated feedback, and checks what reached the provider and what
 * executed, not only the reported parameters.
 */
class EscalationHoldProperties {
    /** What a client does after the incident. */
    sealed interface Action {}

    record Request(List<SignalInput> signals, String text, boolean freshSessionOfSameUser) implements Action {}

    record SessionCall(List<SignalInput> signals) implements Action {}

    record Wait(Duration d) implements Action {}

    @Property(tries = 60)
    void noClientSignalSequenceLoosensAHeldSessionBelowTheStrictCaps(
            @ForAll(supplier = GeneratedPolicy.Policies.class) GeneratedPolicy shape,
            @ForAll("actions") List<Action> actions,
            @ForAll("ratings") List<Integer> ratings)
            throws IOException {
        GeneratedPolicy.inFreshDirectory("lukhas-escalation-hold", (dir, db) -> held(shape, actions, ratings, dir, db));
    }

    private static void held(
            GeneratedPolicy shape, List<Action> actions, List<Integer> ratings, Path dir, Database db) {
        try (PipelineFixture f = shape.fixture(dir, db, ratings)) {
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

            Set<String> allowedNames = shape.riskTools().stream()
                    .map(GeneratedPolicy.TOOL_NAMES::get)
                    .collect(Collectors.toSet());
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
        }
    }

    private static void assertHeld(GeneratedPolicy shape, ModulatedParams p, String where) {
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
    Arbitrary<List<Integer>> ratings() {
        return GeneratedPolicy.ratings();
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<List<SignalInput>> signals = GeneratedPolicy.signals();
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
}
