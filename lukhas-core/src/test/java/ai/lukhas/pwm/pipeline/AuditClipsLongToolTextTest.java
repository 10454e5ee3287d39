package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.pipeline.RequestEndsTest.DeltaModel;
import ai.lukhas.pwm.provider.FunctionCall;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit keeps a tool call's arguments up to 4,000 characters and marks what it left out, so a
 * model cannot blow up the audit log with one call. Written against the PIT survivors of
 * {@code Run.clip} (docs/quality.md).
 */
class AuditClipsLongToolTextTest {
    @TempDir
    Path dir;

    private static String argumentsOfLength(int length) {
        String shell = "{\"query\":\"\"}";
        return "{\"query\":\"" + "a".repeat(length - shell.length()) + "\"}";
    }

    @Test
    void toolCallArgumentsLongerThanFourThousandCharactersAreAuditedClippedWithHowMuchWasLeftOut() {
        String atLimit = argumentsOfLength(4_000);
        String over = argumentsOfLength(4_500);
        DeltaModel model = new DeltaModel(List.of(
                RequestEndsTest.toolCalls(
                        "m",
                        "",
                        new FunctionCall("call_1", "retrieve_knowledge", atLimit),
                        new FunctionCall("call_2", "retrieve_knowledge", over)),
                RequestEndsTest.answer("m", "Tides follow the moon.")));
        try (PipelineFixture f = new PipelineFixture(dir, x -> model)) {
            GovernedResult r = f.complete("s-1", "Tell me about tides");

            JsonNode calls = f.bundle(r.auditId()).at("/tool_calls/calls");
            assertThat(calls).hasSize(2);
            // exactly at the limit: kept whole, no marker
            assertThat(calls.get(0).get("arguments").asText()).isEqualTo(atLimit);
            // over it: the first 4,000 characters and how many more there were
            assertThat(calls.get(1).get("arguments").asText())
                    .isEqualTo(over.substring(0, 4_000) + "… [500 more characters]");
        }
    }
}
