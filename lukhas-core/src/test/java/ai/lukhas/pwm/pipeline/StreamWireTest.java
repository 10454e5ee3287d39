package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.pipeline.RequestEndsTest.DeltaModel;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.FunctionCall;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a streaming client receives besides the text: no empty content deltas (PIT survivor of RequestDriver.release). */
class StreamWireTest {
    @TempDir
    Path dir;

    @Test
    void aStreamNeverSendsAnEmptyContentDelta() {
        FunctionCall call = GovernanceHardeningTest.CLIENT_CALL;
        List<List<ChatDelta>> answers = List.of(
                // all of the text leaves before the step ends (nothing is left to release at its end)
                RequestEndsTest.answer("m", "Tides follow the moon. \n"),
                // client tool calls without any text
                RequestEndsTest.toolCalls("m", "", call));
        for (List<ChatDelta> answer : answers) {
            try (PipelineFixture f = new PipelineFixture(
                            dir,
                            x -> new DeltaModel(List.of(answer)),
                            ModerationProvider.local(),
                            Durability.OS,
                            (c, b) -> b);
                    GovernedStream s = f.pipeline.stream(GovernanceHardeningTest.clientToolRequest("s-1"))) {
                List<ChatDelta> deltas = PipelineFixture.drain(s);

                assertThat(deltas).anyMatch(d -> d instanceof ChatDelta.Finished);
                assertThat(deltas).as("%s", deltas).doesNotContain(new ChatDelta.Content(""));
            }
        }
    }
}
