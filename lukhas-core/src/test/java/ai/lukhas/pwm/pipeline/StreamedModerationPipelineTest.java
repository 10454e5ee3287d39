package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.Behaviour;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream's checks keep work from one release to the next; a stream whose flagging evidence is spread
 * over kilobytes (a request cue long before the phrase it makes count, a second piece of personal data long
 * after the first) must still be cut exactly where checking the whole text at every release cuts it, and
 * nothing flagged leaves.
 */
class StreamedModerationPipelineTest {
    private static final String PROSE = "The tide rises twice a day because the moon pulls the ocean toward it; "
            + "at 3 pm on day 12 the range was 2.4 m, and v2 of the chart shows why.\n";

    private record Streamed(Outcome outcome, String released, Optional<String> content) {}

    private static Streamed stream(ModerationProvider moderation, String answer, int chunk, boolean strict)
            throws IOException {
        Behaviour b = new Behaviour("hi", List.of(new Step(Optional.of(answer), List.of())), false, true, chunk);
        Path dir = Files.createTempDirectory("lukhas-streamed-moderation");
        try (PipelineFixture f = PipelineFixture.scriptedAsServed(dir, b, moderation)) {
            GovernedRequest req = PipelineFixture.request("s-1", "Tell me about tides");
            PipelineFixture.Drained d = PipelineFixture.stream(f.pipeline, strict ? PipelineFixture.strict(req) : req);
            GovernedResult r = d.result();
            return new Streamed(
                    r.outcome(), d.released(), r.response().message().content());
        } finally {
            PipelineFixture.deleteTree(dir);
        }
    }

    private static void sameCutAsWholeText(String answer, int chunk, boolean strict, String mustNotLeave)
            throws IOException {
        Streamed kept = stream(ModerationProvider.local(), answer, chunk, strict);
        Streamed whole = stream(new WholeTextModeration(), answer, chunk, strict);
        assertThat(kept).isEqualTo(whole);
        assertThat(kept.outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
        assertThat(answer).startsWith(kept.released());
        assertThat(kept.released()).doesNotContain(mustNotLeave);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 7})
    void aRequestCueKilobytesBeforeItsPhraseStillCuts(int chunk) throws IOException {
        String answer = "So, how do I get back at him? First some background.\n" + PROSE.repeat(30)
                + "Then you poison the neighbor slowly. That is the plan.";
        sameCutAsWholeText(answer, chunk, false, "poison the neighbor");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 8})
    void personalDataKilobytesAfterOtherDigitsStillCuts(int chunk) throws IOException {
        String answer = PROSE.repeat(25) + "Call the harbour master at (201) 555-0123 for the tables.";
        sameCutAsWholeText(answer, chunk, true, "555-0123");
    }

    @Test
    void aSecretAfterKilobytesStillCuts() throws IOException {
        String answer = PROSE.repeat(25) + "Use the key sk-abcdefghijklmnopqrstuvwxyz123 with care.";
        sameCutAsWholeText(answer, 4, false, "sk-abcdefghijklmnopqrstuvwxyz");
    }

    @Test
    void spelledOutWordsAcrossManyChunksStillCut() throws IOException {
        String answer = PROSE.repeat(20) + "Then k i l l  y o u r s e l f, they said.";
        sameCutAsWholeText(answer, 3, false, "k i l l  y o u r s e l f");
    }
}
