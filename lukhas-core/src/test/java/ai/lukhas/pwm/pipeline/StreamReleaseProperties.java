package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.pii.PiiKind;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.Behaviour;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.ScriptedModel;
import ai.lukhas.pwm.pipeline.ModerationCoverageProperties.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The streaming release bound (issue #15 item 6): every detector's longest realistic example,
 * embedded in benign text and streamed through {@link GovernedPipeline} in 1-40 character chunks:
 * no character of the finding leaves before the verdict, which flags it.
 */
class StreamReleaseProperties {
    static final String PREFIX = "Here is what you asked for. The value is ";
    static final String SUFFIX = " and that is all. Thanks.";

    /** One realistic, long example per detector. */
    static final Map<PiiKind, String> LONGEST = Map.ofEntries(
            Map.entry(
                    PiiKind.PRIVATE_KEY,
                    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA" + "q".repeat(180)
                            + "\n-----END RSA PRIVATE KEY-----"),
            Map.entry(PiiKind.OPENAI_KEY, "sk-proj-" + "Ab3_".repeat(39)),
            Map.entry(PiiKind.AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPLE"),
            Map.entry(PiiKind.GITHUB_TOKEN, "github_pat_11ABCDEFG0" + "aB3d".repeat(18)),
            Map.entry(PiiKind.SLACK_TOKEN, "xoxb-1234567890123-1234567890123-abcdefghijklmnopqrstuvwx"),
            Map.entry(PiiKind.GOOGLE_API_KEY, "AIzaSyA" + "b1C2d3E4f5".repeat(3) + "g6H7i"),
            Map.entry(PiiKind.STRIPE_KEY, "sk_live_" + "51HxYz".repeat(16)),
            Map.entry(PiiKind.JWT, GovernanceHardeningTest.jwt(320)),
            Map.entry(PiiKind.BEARER_TOKEN, "Bearer " + "abc.DEF-123_xyz~".repeat(12)),
            Map.entry(PiiKind.LUKHAS_KEY, "lk_0123456789ab_" + "A".repeat(43)),
            Map.entry(PiiKind.AWS_SECRET_KEY, "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            Map.entry(PiiKind.GITLAB_TOKEN, "glpat-" + "xYz12AbC3dEf4GhI5jKl".repeat(3)),
            Map.entry(PiiKind.NPM_TOKEN, "npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"),
            Map.entry(PiiKind.HUGGINGFACE_TOKEN, "hf_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567".repeat(2)),
            Map.entry(PiiKind.SENDGRID_KEY, "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"),
            Map.entry(PiiKind.EMAIL, "firstname.middlename.lastname+newsletter@mail.subdomain.example-company.co.uk"),
            Map.entry(PiiKind.PHONE, "+1 201-555-0123"),
            Map.entry(PiiKind.PAYMENT_CARD, "4111 1111 1111 1111"),
            Map.entry(PiiKind.IBAN, "MT84 MALT 0110 0001 2345 MTLC AST0 01S"));

    @Test
    void everyExampleIsTheFindingItNames() {
        assertThat(LONGEST.keySet()).containsAll(List.of(PiiKind.values()));
        LONGEST.forEach((kind, example) -> assertThat(PiiScanner.standard().scan(PREFIX + example + SUFFIX))
                .as(kind.name())
                .anySatisfy(f -> {
                    assertThat(f.kind()).isEqualTo(kind);
                    assertThat(f.start()).isEqualTo(PREFIX.length());
                }));
    }

    @Property(tries = 200)
    void noCharacterOfAFindingLeavesAStreamBeforeItsVerdict(
            @ForAll PiiKind kind, @ForAll @IntRange(min = 1, max = 40) int chunk, @ForAll boolean strict)
            throws IOException {
        // PII is flagged only by the strict preset; secrets by both.
        boolean strictSession = strict || !kind.isSecret();
        String answer = PREFIX + LONGEST.get(kind) + SUFFIX;
        Behaviour b = new Behaviour("hi", List.of(new Step(Optional.of(answer), List.of())), false, true, chunk);
        Path dir = Files.createTempDirectory("lukhas-stream-release");
        try (PipelineFixture f = new PipelineFixture(
                dir, c -> new ScriptedModel(b), ModerationProvider.local(), Durability.OS, (c, x) -> x)) {
            GovernedRequest req = PipelineFixture.request("s-1", "Tell me the value");
            PipelineFixture.Drained d =
                    PipelineFixture.stream(f.pipeline, strictSession ? PipelineFixture.strict(req) : req);
            GovernedResult r = d.result();
            String released = d.released();

            assertThat(r.outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
            assertThat(released.length()).isLessThanOrEqualTo(PREFIX.length());
            assertThat(PREFIX).startsWith(released.toString());
        } finally {
            PipelineFixture.deleteTree(dir);
        }
    }
}
