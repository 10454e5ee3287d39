package ai.lukhas.pwm.pipeline;

import static ai.lukhas.pwm.pipeline.PipelineFixture.drain;
import static ai.lukhas.pwm.pipeline.PipelineFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.incident.IncidentKind;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.LlmProvider;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming scenarios that fit the offline provider (12-character chunks). */
class GovernedStreamOfflineTest {
    @TempDir
    Path dir;

    @Test
    void aToolLoopStreamsTheFinalAnswerAndAuditsOnce() {
        try (PipelineFixture f = new PipelineFixture(dir, c -> LlmProvider.offline());
                GovernedStream s = f.stream("s-1", "call retrieve_knowledge with query=tides")) {
            List<ChatDelta> deltas = drain(s);
            GovernedResult r = s.result().orElseThrow();

            assertThat(text(deltas)).startsWith("[lukhas-offline] retrieve_knowledge returned:");
            assertThat(deltas).contains(new ChatDelta.Finished(FinishReason.STOP));
            assertThat(deltas.getLast()).isInstanceOf(ChatDelta.UsageReport.class);
            assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(r.response().message().content()).contains(text(deltas));
            assertThat(f.events)
                    .startsWith(
                            "moderate:user_input", "provider", "execute:retrieval", "moderate:tool_output", "provider");
            assertThat(f.audit.tail(10)).hasSize(1);
            assertThat(f.verify().intact()).isTrue();
        }
    }

    @Test
    void aForbiddenToolInAStreamIsBlockedAndTheNextStepIsStrict() {
        try (PipelineFixture f = new PipelineFixture(dir, c -> LlmProvider.offline());
                GovernedStream s = f.pipeline.stream(
                        PipelineFixture.request("s-1", "call exec_code with language=bash, source=ls"))) {
            drain(s);
            GovernedResult r = s.result().orElseThrow();

            assertThat(f.executed).isEmpty();
            assertThat(r.incidents()).extracting(i -> i.kind()).containsExactly(IncidentKind.BLOCKED_TOOL);
            assertThat(f.providerRequests.get(1).tools())
                    .extracting(t -> t.name())
                    .containsExactly("retrieve_knowledge");
        }
    }

    @Test
    void flaggedInputInStrictModeStreamsTheRefusalWithoutAProviderCall() {
        try (PipelineFixture f = new PipelineFixture(dir, c -> LlmProvider.offline())) {
            f.modulator.record(PipelineFixture.key("s-1"), SignalInput.of("alignment_risk", 1.0, "test"));
            try (GovernedStream s = f.stream("s-1", "I want to kill myself tonight")) {
                List<ChatDelta> deltas = drain(s);

                assertThat(text(deltas)).isEqualTo(Run.REFUSAL);
                assertThat(f.providerRequests).isEmpty();
                assertThat(s.result().orElseThrow().outcome()).isEqualTo(Outcome.REFUSED);
            }
        }
    }

    @Test
    void closingAStreamEarlyStopsItAndStillAuditsTheRequest() {
        try (PipelineFixture f = new PipelineFixture(dir, c -> LlmProvider.offline())) {
            GovernedStream s = f.pipeline.stream(
                    PipelineFixture.request("s-1", "say: " + "the tide comes in and the tide goes out ".repeat(10)));
            assertThat(s.safetyMode()).isEmpty();
            ChatDelta first = s.next().orElseThrow();
            assertThat(first).isInstanceOf(ChatDelta.Started.class);
            assertThat(s.safetyMode()).contains(ai.lukhas.pwm.modulation.SafetyMode.BALANCED);
            s.close();

            GovernedResult r = s.result().orElseThrow();
            assertThat(r.auditId()).isEqualTo(s.auditId());
            assertThat(s.next()).isEmpty();
            JsonNode b = f.bundle(r.auditId());
            assertThat(b.at("/request/closed_by_client").asBoolean()).isTrue();
            assertThat(f.audit.tail(10)).hasSize(1);
        }
    }
}
