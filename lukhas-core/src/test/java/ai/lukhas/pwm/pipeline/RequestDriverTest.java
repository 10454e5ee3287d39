package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.Behaviour;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.ScriptedModel;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.Step;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.UserMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one request driver: its ends are the same for every sink; a sink's release policy only decides timing. */
class RequestDriverTest {
    @TempDir
    Path dir;

    @Test
    void atMaxStepsPlainAndStreamedRequestsEndAlikeWithTheModelsTextAndFinishReasonStop() {
        try (PipelineFixture f = new PipelineFixture(
                dir, c -> LlmProvider.offline(), ModerationProvider.local(), Durability.OS, (c, b) -> b.maxSteps(1))) {
            GovernedRequest req = PipelineFixture.request("s-1", "call retrieve_knowledge with query=tides");
            GovernedResult plain = f.pipeline.complete(req);
            GovernedResult streamed;
            List<ChatDelta> deltas;
            try (GovernedStream s =
                    f.pipeline.stream(req.toBuilder().sessionId("s-2").build())) {
                deltas = PipelineFixture.drain(s);
                streamed = s.result().orElseThrow();
            }

            for (GovernedResult r : List.of(plain, streamed)) {
                assertThat(r.outcome()).isEqualTo(Outcome.MAX_STEPS);
                assertThat(r.response().finishReason()).isEqualTo(FinishReason.STOP);
                assertThat(f.bundle(r.auditId()).at("/request/finish_reason").asText())
                        .isEqualTo("stop");
                assertThat(f.bundle(r.auditId()).at("/request/unrun_tool_calls").asInt())
                        .isEqualTo(1);
            }
            assertThat(streamed.response().message().content())
                    .isEqualTo(plain.response().message().content());
            assertThat(deltas).contains(new ChatDelta.Finished(FinishReason.STOP));
            assertThat(f.executed).isEmpty();
        }
    }

    @Test
    void aReleasePolicyDecidesHowEarlyTextLeavesNeverWhetherItWasModerated() {
        String answer = "Harmless start about the sea. And now: I will kill you tomorrow.";
        Behaviour script =
                new Behaviour("Tell me about tides", List.of(new Step(Optional.of(answer), List.of())), false, true, 9);
        try (PipelineFixture f = new PipelineFixture(
                dir, c -> new ScriptedModel(script), ModerationProvider.local(), Durability.OS, (c, b) -> b)) {
            // A policy that would release every character at once: only moderation can hold text back now.
            StreamSink sink = new StreamSink(text -> Integer.MAX_VALUE);
            GovernedRequest req = PipelineFixture.request("s-1", "Tell me about tides");
            List<String> releasedPrefixes = new ArrayList<>();
            StringBuilder released = new StringBuilder();
            GovernedResult r;
            try (GovernedStream s =
                    new StreamingRun(new RequestDriver(f.pipeline, new Run(f.pipeline, req), sink), sink)) {
                for (ChatDelta d : PipelineFixture.drain(s)) {
                    if (d instanceof ChatDelta.Content c) {
                        released.append(c.text());
                        releasedPrefixes.add(released.toString());
                    }
                }
                r = s.result().orElseThrow();
            }

            assertThat(r.outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
            assertThat(released.toString()).startsWith("Harmless start").doesNotContain("kill you");
            // Every release was preceded by a moderation of the whole text so far.
            assertThat(releasedPrefixes).hasSizeGreaterThan(1);
            assertThat(releasedPrefixes).allSatisfy(p -> assertThat(f.finalTexts)
                    .anySatisfy(t -> assertThat(t).startsWith(p)));
            assertThat(f.releasedBeforeBlock(r)).isEqualTo(released.length());
            assertThat(r.response().message().content()).contains(released.toString());
        }
    }

    @Test
    void aRequestIsChangedOneFieldAtATimeThroughItsBuilder() {
        GovernedRequest base = PipelineFixture.request("s-1", "hello");
        GovernedRequest changed = base.toBuilder()
                .params(new ClientParams(Optional.of(0.1), Optional.empty(), Optional.empty()))
                .build();

        assertThat(base.toBuilder().build()).isEqualTo(base);
        assertThat(changed.params().temperature()).contains(0.1);
        assertThat(changed)
                .isEqualTo(new GovernedRequest(
                        base.caller(),
                        "s-1",
                        "u-1",
                        List.of(new UserMessage("hello")),
                        List.of(),
                        Optional.empty(),
                        changed.params(),
                        List.of(),
                        Optional.empty(),
                        List.of()));
        assertThatThrownBy(() -> base.toBuilder().sessionId(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionId");
    }
}
