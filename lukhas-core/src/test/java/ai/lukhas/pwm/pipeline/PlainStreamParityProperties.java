package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.Behaviour;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * One loop, two sinks: for arbitrary scripted model behaviours, a plain and a streamed request that
 * see the same model answers end the same way — same outcome, finish reason, incidents, tools run,
 * steps and audited outcome — and, unless moderation cut a stream short mid-step, with the same
 * text; a stream's result holds exactly the text it released. (Before the driver was shared, a
 * plain request at max steps answered with synthetic text while a stream released the model's.)
 */
class PlainStreamParityProperties {
    @Provide
    Arbitrary<Behaviour> behaviours() {
        return new ModerationCoverageProperties().behaviours();
    }

    private record Ran(GovernedResult result, String released, List<String> executed, JsonNode bundle) {}

    @Property(tries = 60)
    void plainAndStreamedRequestsEndTheSameWay(@ForAll("behaviours") Behaviour b) throws IOException {
        Ran plain = run(b, false);
        Ran streamed = run(b, true);
        GovernedResult p = plain.result();
        GovernedResult s = streamed.result();

        assertThat(s.outcome()).isEqualTo(p.outcome());
        assertThat(s.response().finishReason()).isEqualTo(p.response().finishReason());
        assertThat(s.incidents())
                .extracting(Incident::kind)
                .isEqualTo(p.incidents().stream().map(Incident::kind).toList());
        assertThat(s.safetyMode()).isEqualTo(p.safetyMode());
        assertThat(streamed.executed()).isEqualTo(plain.executed());
        for (String field :
                List.of("/outcome", "/request/finish_reason", "/request/steps", "/request/unrun_tool_calls")) {
            assertThat(streamed.bundle().at(field))
                    .as(field)
                    .isEqualTo(plain.bundle().at(field));
        }
        String plainText = p.response().message().content().orElse("");
        String streamText = s.response().message().content().orElse("");
        assertThat(streamText).isEqualTo(streamed.released());
        if (p.outcome() == Outcome.CONTENT_FILTERED) {
            // A stream may have released a moderated prefix before the flag; a plain request, nothing of that step.
            assertThat(streamText).startsWith(plainText);
        } else {
            assertThat(streamText).isEqualTo(plainText);
        }
    }

    private static Ran run(Behaviour b, boolean stream) throws IOException {
        Path dir = Files.createTempDirectory("lukhas-parity");
        try (PipelineFixture f = ModerationCoverageProperties.fixture(dir, b)) {
            GovernedRequest request = PipelineFixture.request("s-1", b.input());
            if (!stream) {
                GovernedResult r = f.pipeline.complete(request);
                return new Ran(r, "", List.copyOf(f.executed), f.bundle(r.auditId()));
            }
            try (GovernedStream s = f.pipeline.stream(request)) {
                String released = PipelineFixture.text(PipelineFixture.drain(s));
                GovernedResult r = s.result().orElseThrow();
                return new Ran(r, released, List.copyOf(f.executed), f.bundle(r.auditId()));
            }
        } finally {
            PipelineFixture.deleteTree(dir);
        }
    }
}
