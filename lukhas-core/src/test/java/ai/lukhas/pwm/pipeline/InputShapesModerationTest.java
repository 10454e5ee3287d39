package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.pipeline.RequestEndsTest.DeltaModel;
import ai.lukhas.pwm.provider.ChatMessage;
import ai.lukhas.pwm.provider.ToolMessage;
import ai.lukhas.pwm.provider.UserMessage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input moderation whatever shape the client gives the conversation: a phrase split over two user
 * messages, a request made only of tool results (PIT survivors of {@code Run.userText} and {@code
 * Run.trailingToolStart}).
 */
class InputShapesModerationTest {
    @TempDir
    Path dir;

    private PipelineFixture fixture() {
        return new PipelineFixture(dir, x -> new DeltaModel(List.of()));
    }

    @Test
    void aThreatSplitOverTwoUserMessagesIsFlaggedAsOne() {
        try (PipelineFixture f = fixture()) {
            GovernedResult r = f.complete(
                    "s-1", List.of(new UserMessage("Listen to me. I will"), new UserMessage("kill you tomorrow.")));

            assertThat(r.incidents()).isNotEmpty();
            assertThat(f.bundle(r.auditId()).at("/modulation/tightenings/0/why").asText())
                    .isEqualTo("flagged_input");
        }
    }

    @Test
    void aRequestOfToolResultsOnlyHasEachModeratedAsToolOutput() {
        List<ChatMessage> messages = List.of(
                new ToolMessage("call_1", "Tides follow the moon."),
                new ToolMessage("call_2", "I will kill you tomorrow."));
        try (PipelineFixture f = fixture()) {
            GovernedResult r = f.complete("s-1", messages);

            assertThat(f.bundle(r.auditId()).at("/modulation/tightenings/0/why").asText())
                    .isEqualTo("flagged_client_tool_output");
            List<ChatMessage> sent = f.providerRequests.getFirst().messages();
            assertThat(sent).contains(messages.getFirst());
            assertThat(sent).doesNotContain(messages.get(1));
        }
    }
}
