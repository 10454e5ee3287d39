package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.pipeline.RequestEndsTest.DeltaModel;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ToolChoice;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What of the client's own parameters reaches the model: only what tightens (a forced tool that is
 * not offered is not forced; reasoning effort only rises; the policy's stop sequences win the four
 * places). Written against PIT survivors of {@code Run} (docs/quality.md).
 */
class ClientParamsReachTheModelTest {
    @TempDir
    Path dir;

    private PipelineFixture fixture() {
        return new PipelineFixture(dir, x -> new DeltaModel(List.of()));
    }

    private static GovernedRequest asking(ClientParams params) {
        return PipelineFixture.request("s-1", "Tell me about tides").toBuilder()
                .toolAllowlist(List.of("retrieval"))
                .params(params)
                .build();
    }

    @Test
    void aToolChoiceForcingAToolThatIsNotOfferedBecomesNone() {
        try (PipelineFixture f = fixture()) {
            f.pipeline.complete(asking(ClientParams.NONE.withToolChoice(new ToolChoice.Function("schedule_task"))));
            f.pipeline.complete(
                    asking(ClientParams.NONE.withToolChoice(new ToolChoice.Function("retrieve_knowledge"))));

            assertThat(f.providerRequests)
                    .extracting(ChatRequest::toolChoice)
                    .containsExactly(ToolChoice.NONE, new ToolChoice.Function("retrieve_knowledge"));
        }
    }

    @Test
    void aClientsReasoningEffortCanRaiseTheModulatedOneButNotLowerIt() {
        try (PipelineFixture f = fixture()) {
            GovernedResult modulated = f.pipeline.complete(asking(ClientParams.NONE));
            double m = modulated.params().reasoningEffort();
            GovernedResult higher = f.pipeline.complete(asking(ClientParams.NONE.withReasoningEffort(1.0)));
            GovernedResult lower = f.pipeline.complete(asking(ClientParams.NONE.withReasoningEffort(0.0)));

            assertThat(m).isLessThan(1.0);
            assertThat(higher.params().reasoningEffort()).isEqualTo(1.0);
            assertThat(lower.params().reasoningEffort()).isEqualTo(m);
            assertThat(f.providerRequests)
                    .extracting(r -> r.reasoningEffort().orElseThrow())
                    .containsExactly(m, 1.0, m);
        }
    }

    @Test
    void atMostFourStopSequencesReachTheModelAndTheDroppedOnesAreReported() {
        try (PipelineFixture f = fixture()) {
            List<String> stops = List.of("S1", "S2", "S3", "S4", "S5");
            GovernedResult r = f.pipeline.complete(asking(ClientParams.NONE.withStop(stops)));

            assertThat(f.providerRequests.getFirst().stopSequences()).hasSize(ChatRequest.MAX_STOP_SEQUENCES);
            List<String> sent = f.providerRequests.getFirst().stopSequences();
            List<String> dropped = stops.stream().filter(s -> !sent.contains(s)).toList();
            assertThat(dropped).isNotEmpty();
            assertThat(r.droppedStops()).isEqualTo(dropped);
            assertThat(f.bundle(r.auditId()).at("/request/client_params/stop_dropped"))
                    .extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                    .isEqualTo(dropped);
        }
    }

    @Test
    void aStreamsParametersAndDroppedStopsAreKnownOnceItsInputStageRan() {
        try (PipelineFixture f = fixture();
                GovernedStream s =
                        f.pipeline.stream(asking(ClientParams.NONE.withStop(List.of("S1", "S2", "S3", "S4", "S5"))))) {
            assertThat(s.params()).isEmpty();
            assertThat(s.droppedStops()).isEmpty();
            s.next();

            assertThat(s.params()).isPresent();
            // known before the first byte, so a server can send them as headers
            assertThat(s.droppedStops())
                    .isNotEmpty()
                    .doesNotContainAnyElementsOf(f.providerRequests.getFirst().stopSequences());
            assertThat(s.params().orElseThrow().temperature())
                    .isEqualTo(f.providerRequests.getFirst().temperature().orElseThrow());
            PipelineFixture.drain(s);
            assertThat(s.params())
                    .isEqualTo(Optional.of(s.result().orElseThrow().params()));
        }
    }
}
