package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.memory.colony.Colony;
import ai.lukhas.pwm.memory.colony.ColonyAgent;
import ai.lukhas.pwm.memory.colony.ConsensusMethod;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.provider.FakeUpstream;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.OpenAiCompatibleConfig;
import ai.lukhas.pwm.provider.RetryPolicy;
import ai.lukhas.pwm.provider.UserMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory proposals: the colony (rule agents and the model agent over the local OpenAI-wire server)
 * decides, and the pipeline writes only decisions whose strength reaches the request's memory_write.
 */
class MemoryProposalPipelineTest {
    @TempDir
    Path dir;

    final FakeUpstream judge = new FakeUpstream();
    PipelineFixture fixture;
    LlmProvider judgeProvider;
    HelixMemory helix;

    @AfterEach
    void stop() {
        fixture.close();
        judgeProvider.close();
        judge.close();
    }

    private PipelineFixture fixture() {
        fixture = new PipelineFixture(
                dir, clock -> LlmProvider.offline(), ModerationProvider.local(), Durability.OS, (clock, b) -> {
                    helix = HelixMemory.inMemory(clock, Flags.fixed(Map.of()), DnaKeyring.none());
                    judgeProvider = LlmProvider.openAiCompatible(
                            OpenAiCompatibleConfig.builder(judge.baseUrl())
                                    .apiKey("sk-test-0123456789abcdef")
                                    .retry(RetryPolicy.none(Duration.ofSeconds(30)))
                                    .build(),
                            clock,
                            clock,
                            () -> 0.5);
                    Colony colony = Colony.of(List.of(
                            ColonyAgent.schema(Map.of(), 4096),
                            ColonyAgent.moderation(PiiScanner.standard()),
                            new ModelColonyAgent(judgeProvider, "gpt-4o-mini")));
                    return b.memory(helix, colony, new ConsensusMethod.Majority());
                });
        return fixture;
    }

    private static GovernedRequest proposing(List<SignalInput> signals, MemoryProposal... memory) {
        return new GovernedRequest(
                PipelineFixture.CALLER,
                "s-mem",
                "u-1",
                List.of(new UserMessage("I like brief answers.")),
                signals,
                Optional.empty(),
                ClientParams.NONE,
                List.of(),
                Optional.empty(),
                List.of(memory));
    }

    private static MemoryProposal tone() {
        return new MemoryProposal("user.1.tone", ModelColonyAgentTest.json("{\"tone\":\"brief\"}"));
    }

    private void judgeSays(boolean store, double confidence) {
        judge.then(FakeUpstream.ok(ModelColonyAgentTest.answer(
                "{\"store\": " + store + ", \"confidence\": " + confidence + ", \"reason\": \"r\"}")));
    }

    @Test
    void aDecisionAsStrongAsMemoryWriteIsWrittenAndAudited() {
        fixture();
        judgeSays(true, 0.9);

        GovernedResult r = fixture.pipeline.complete(proposing(List.of(), tone()));

        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        double memoryWrite = r.params().memoryWrite();
        MemoryOutcome m = r.memory().getFirst();
        assertThat(m.status()).isEqualTo(MemoryOutcome.Status.WRITTEN);
        assertThat(m.strength().getAsDouble()).isGreaterThanOrEqualTo(memoryWrite);
        assertThat(helix.read("user.1.tone"))
                .hasValueSatisfying(e -> assertThat(e.version()).isEqualTo(1));
        JsonNode audited = fixture.bundle(r.auditId()).path("request").path("memory");
        assertThat(audited.path("memory_write").asDouble()).isEqualTo(memoryWrite);
        assertThat(audited.path("proposals").get(0).path("status").asText()).isEqualTo("written");
        assertThat(fixture.verify().intact()).isTrue();
    }

    @Test
    void noveltyRaisesMemoryWriteAboveTheStrengthAndTheWriteIsRefusedButAudited() {
        fixture();
        judgeSays(true, 0.9);
        SignalInput novelty = new SignalInput("novelty", 1.0, Optional.empty(), "client");

        GovernedResult r = fixture.pipeline.complete(proposing(List.of(novelty), tone()));

        assertThat(r.params().memoryWrite()).isEqualTo(1.0);
        MemoryOutcome m = r.memory().getFirst();
        assertThat(m.status()).isEqualTo(MemoryOutcome.Status.BELOW_MEMORY_WRITE);
        assertThat(m.strength().getAsDouble()).isLessThan(1.0);
        assertThat(m.reason()).contains("below this request's memory_write 1.0");
        assertThat(helix.read("user.1.tone")).isEmpty();
        JsonNode p = fixture.bundle(r.auditId())
                .path("request")
                .path("memory")
                .path("proposals")
                .get(0);
        assertThat(p.path("status").asText()).isEqualTo("below_memory_write");
        assertThat(p.path("strength").asDouble()).isEqualTo(m.strength().getAsDouble());
    }

    @Test
    void aColonyRejectionIsNotWrittenAndPersonalDataIsRejected() {
        fixture();
        judgeSays(false, 0.9);
        MemoryProposal email =
                new MemoryProposal("user.1.contact", ModelColonyAgentTest.json("{\"email\":\"ada@example.com\"}"));

        GovernedResult r = fixture.pipeline.complete(proposing(List.of(), email));

        assertThat(r.memory().getFirst().status()).isEqualTo(MemoryOutcome.Status.REJECTED);
        assertThat(helix.read("user.1.contact")).isEmpty();
    }
}
