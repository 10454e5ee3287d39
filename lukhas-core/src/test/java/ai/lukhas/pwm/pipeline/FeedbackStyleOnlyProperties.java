package ai.lukhas.pwm.pipeline;

import static ai.lukhas.pwm.testing.StyleOnly.assertSameExceptStyle;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationTrace;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.FunctionDefinition;
import ai.lukhas.pwm.provider.UserMessage;
import ai.lukhas.pwm.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Safety invariant 2 over the whole pipeline (issue 15, "tests that can fail" (d)): feedback changes
 * style only. Two {@link GovernedPipeline}s over the same generated policy ({@link GeneratedPolicy})
 * take the same generated requests (signals at any level, tool calls that are offered or not, fresh
 * sessions, waits); one has the user's generated feedback cards, the other none. Request by request,
 * the safety mode, the tool allowlist, the token bound and every other non-style parameter are the
 * same in both, the model is offered the same tools with the same token bound, and in the pipeline
 * with feedback no temperature or top_p exceeds the cap alignment_risk sets (or the strict caps of an
 * escalation hold). A feedback rule that turns strict into balanced, or moves a cap, a token bound or
 * the allowlist before the caps are applied, fails here (docs/quality.md, "Deliberate breakage").
 */
class FeedbackStyleOnlyProperties {
    record Step(List<SignalInput> signals, String text, boolean freshSession, Duration waitBefore) {}

    @Property(tries = 40)
    void feedbackChangesStyleOnlyAndNeverLoosensACapOnAGeneratedPolicy(
            @ForAll(supplier = GeneratedPolicy.Policies.class) GeneratedPolicy policy,
            @ForAll("ratings") List<Integer> ratings,
            @ForAll("steps") List<Step> steps)
            throws IOException {
        GeneratedPolicy.inFreshDirectory(
                "lukhas-feedback-style", (dir, db) -> compare(policy, ratings, steps, dir, db));
    }

    private static void compare(GeneratedPolicy policy, List<Integer> ratings, List<Step> steps, Path dir, Database db)
            throws IOException {
        try (PipelineFixture rated = policy.fixture(Files.createDirectory(dir.resolve("rated")), db, ratings);
                PipelineFixture plain = policy.fixture(Files.createDirectory(dir.resolve("plain")), db, List.of())) {
            int session = 0;
            for (Step step : steps) {
                rated.clock.advance(step.waitBefore());
                plain.clock.advance(step.waitBefore());
                if (step.freshSession()) {
                    session++;
                }
                GovernedRequest request = GovernedRequest.builder(
                                PipelineFixture.CALLER, "s-" + session, "u-1", List.of(new UserMessage(step.text())))
                        .signals(step.signals())
                        .build();
                int sentBefore = rated.providerRequests.size();
                GovernedResult withFeedback = rated.pipeline.complete(request);
                GovernedResult without = plain.pipeline.complete(request);

                String where = step.toString();
                assertThat(withFeedback.safetyMode()).as(where).isEqualTo(without.safetyMode());
                assertSameExceptStyle(withFeedback.params(), without.params(), where);
                assertThat(withFeedback.incidents())
                        .extracting(i -> i.kind())
                        .as(where)
                        .isEqualTo(
                                without.incidents().stream().map(i -> i.kind()).toList());
                assertWithinCaps(policy, rated, "s-" + session, withFeedback.params(), where);

                List<ChatRequest> sentRated = rated.providerRequests.subList(sentBefore, rated.providerRequests.size());
                List<ChatRequest> sentPlain = plain.providerRequests.subList(sentBefore, plain.providerRequests.size());
                assertThat(sentRated).as(where + ": model calls").hasSameSizeAs(sentPlain);
                for (int i = 0; i < sentRated.size(); i++) {
                    ChatRequest a = sentRated.get(i);
                    ChatRequest b = sentPlain.get(i);
                    assertThat(a.tools().stream().map(FunctionDefinition::name).toList())
                            .as(where + ": tools offered at step " + i)
                            .isEqualTo(b.tools().stream()
                                    .map(FunctionDefinition::name)
                                    .toList());
                    assertThat(a.maxOutputTokens())
                            .as(where + ": max tokens at step " + i)
                            .isEqualTo(b.maxOutputTokens());
                    assertThat(a.messages().getFirst())
                            .as(where + ": prompt style at step " + i)
                            .isEqualTo(b.messages().getFirst());
                }
            }
            assertThat(rated.executed).isEqualTo(plain.executed);
        }
    }

    /**
     * The caps in force for the session at the end of the request, from the generated policy's own
     * formulas (not from the modulator): a hold's strict caps, else those of the active alignment_risk.
     */
    private static void assertWithinCaps(
            GeneratedPolicy policy, PipelineFixture f, String session, ModulatedParams p, String where) {
        EscalationSubject subject =
                new EscalationSubject(PipelineFixture.key(session), Optional.of("u-1"), PipelineFixture.CALLER.keyId());
        double risk = f.guardian.escalation().holdsOn(subject).isEmpty()
                ? f.modulator.signals(PipelineFixture.key(session)).stream()
                        .filter(s -> s.name().equals("alignment_risk") && s.status() == ModulationTrace.Status.ACTIVE)
                        .mapToDouble(ModulationTrace.Signal::level)
                        .max()
                        .orElse(0)
                : 1.0;
        if (risk > 0) {
            assertThat(p.temperature())
                    .as(where + ": temperature within the cap at risk " + risk)
                    .isLessThanOrEqualTo(policy.temperatureCap(risk) + 1e-9);
            assertThat(p.topP()).as(where + ": top_p within the cap").isLessThanOrEqualTo(policy.topPCap() + 1e-9);
            assertThat(p.maxOutputTokens())
                    .as(where + ": max_output_tokens within the cap")
                    .isLessThanOrEqualTo(policy.maxTokensCap());
        }
    }

    /** At least one card, mostly favourable ones (a positive delta is what a loosening rule would act on). */
    @Provide
    Arbitrary<List<Integer>> ratings() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(4, 5)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3)))
                .list()
                .ofMinSize(1)
                .ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(
                        GeneratedPolicy.signals(),
                        Arbitraries.of(
                                "hello",
                                "call schedule_task with when=in 2 hours, note=tea",
                                "call open_url with url=https://example.com",
                                "call retrieve_knowledge with query=tides",
                                "call exec_code with language=python, source=print(1)",
                                "call delete_everything with path=/"),
                        Arbitraries.of(false, false, false, true),
                        Arbitraries.of(0L, 0L, 1_000L, 700_000L).map(Duration::ofMillis))
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }
}
