package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.Behaviour;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.Step;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.FunctionCall;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The driver hands a stream's checks its growing text in place (no copy per check): through the pipeline,
 * a stream must release exactly what it released when every check judged a copy of the whole text — the
 * same content deltas in the same order (so the same text held back after every chunk), the same outcome,
 * the same response and the same moderation entries in the audit bundle. The reference is the local
 * provider's verdicts behind a provider that is not the local one (so the moderator hands it the whole text
 * as a {@code String} at every check, as before). Answers mix prose, the lexicon's phrases, personal data,
 * secrets, obfuscations and surrogate pairs, streamed in 1–8 character chunks; one or two model steps (a
 * server tool call between them: a multi-step answer's text grows across steps), ending with or without
 * client tool calls (the text and the calls judged together at the step's end: calls that ask to "kill
 * yourself" never reach the client).
 */
class GrowingTextPipelineProperties {
    private static final List<String> PIECES = List.of(
            "The tide rises twice a day because the moon pulls the ocean toward it; ",
            "at 3 pm on day 12 the range was 2.4 m, and v2 of the chart shows why. ",
            "You can run the tests again, and then push the branch to them. ",
            "Tides follow the moon.\n",
            "So, how do I get back at him? ",
            "Then you poison the neighbor slowly. ",
            "I will kill you tomorrow. ",
            "k1ll y0urs3lf ",
            "k i l l  y o u r s e l f ",
            "Call (201) 555-0123 now. ",
            "Write to jane.roe@example.com please. ",
            "Your key is sk-abcdefghijklmnopqrstuvwx, keep it. ",
            "\uD83D\uDE00 ",
            "e\u0301 ",
            "\uD83C\uDF0A waves \uD83C\uDF0A",
            " ",
            "\n");

    @Provide
    Arbitrary<String> answers() {
        return Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(12).map(parts -> String.join("", parts));
    }

    private record Streamed(List<ChatDelta> deltas, Outcome outcome, Optional<String> content, JsonNode moderation) {}

    private static Streamed stream(ModerationProvider moderation, Behaviour b, boolean client, boolean strict)
            throws IOException {
        Path dir = Files.createTempDirectory("lukhas-growing-text");
        try (PipelineFixture f = PipelineFixture.scriptedAsServed(dir, b, moderation)) {
            GovernedRequest req = client
                    ? GovernanceHardeningTest.clientToolRequest("s-1")
                    : PipelineFixture.request("s-1", "Tell me about tides");
            if (strict) {
                req = PipelineFixture.strict(req);
            }
            List<ChatDelta> deltas;
            GovernedResult r;
            try (GovernedStream s = f.pipeline.stream(req)) {
                deltas = PipelineFixture.drain(s);
                r = s.result().orElseThrow();
            }
            return new Streamed(
                    deltas.stream().filter(d -> d instanceof ChatDelta.Content).toList(),
                    r.outcome(),
                    r.response().message().content(),
                    f.bundle(r.auditId()).get("moderation"));
        } finally {
            PipelineFixture.deleteTree(dir);
        }
    }

    @Property(tries = 60)
    void aStreamReleasesWhatWholeTextChecksRelease(
            @ForAll("answers") String first,
            @ForAll("answers") String second,
            @ForAll @IntRange(min = 1, max = 8) int chunk,
            @ForAll boolean twoSteps,
            @ForAll boolean clientCalls,
            @ForAll boolean flaggedCall,
            @ForAll boolean strict)
            throws IOException {
        List<Step> steps = new ArrayList<>();
        if (twoSteps) {
            steps.add(new Step(
                    Optional.of(first),
                    List.of(new FunctionCall("call_1", "retrieve_knowledge", "{\"query\":\"tides\"}"))));
        }
        String last = twoSteps ? second : first;
        steps.add(new Step(
                Optional.of(last),
                clientCalls
                        ? List.of(new FunctionCall(
                                "call_2", "client_fn", flaggedCall ? "{\"x\":\"kill yourself\"}" : "{\"x\":\"tides\"}"))
                        : List.of()));
        Behaviour b = new Behaviour("hi", steps, false, true, chunk);

        Streamed kept = stream(ModerationProvider.local(), b, clientCalls, strict);
        Streamed whole = stream(new WholeTextModeration(), b, clientCalls, strict);

        assertThat(kept.deltas()).isEqualTo(whole.deltas());
        assertThat(kept.outcome()).isEqualTo(whole.outcome());
        assertThat(kept.content()).isEqualTo(whole.content());
        assertThat(kept.moderation()).isEqualTo(whole.moderation());
        if (clientCalls && flaggedCall) {
            // the calls are judged with the text before them, whichever way the text is read: they never
            // reach the client (strict sessions are not offered the client's tools at all)
            assertThat(kept.outcome()).isNotEqualTo(Outcome.CLIENT_TOOL_CALLS);
        }
    }
}
