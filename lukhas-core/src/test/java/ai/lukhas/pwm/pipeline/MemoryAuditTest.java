package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.memory.colony.Colony;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.pipeline.RequestEndsTest.DeltaModel;
import ai.lukhas.pwm.provider.FakeUpstream;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.UserMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the audit records about a request's memory proposals: the version a written proposal got,
 * and why nothing was attempted on a gateway without memory. Written against the PIT survivors of
 * {@code Run.finish} (the version) and {@code Run.memoryOutcomes} (docs/quality.md).
 */
class MemoryAuditTest {
    @TempDir
    Path dir;

    private static final MemoryProposal TONE =
            new MemoryProposal("user.1.tone", ModelColonyAgentTest.json("{\"tone\":\"brief\"}"));

    private static GovernedRequest proposing(String session) {
        return GovernedRequest.builder(
                        PipelineFixture.CALLER, session, "u-1", List.of(new UserMessage("I like brief answers.")))
                .memory(List.of(TONE))
                .build();
    }

    @Test
    void eachWrittenProposalIsAuditedWithTheVersionItWrote() {
        try (FakeUpstream judge = new FakeUpstream()) {
            LlmProvider[] judgeProvider = new LlmProvider[1];
            try (PipelineFixture f = new PipelineFixture(
                    dir,
                    ModulationPolicy.loadDefault(),
                    clock -> LlmProvider.offline(),
                    MemoryProposalPipelineTest.MARKERS,
                    Durability.OS,
                    (clock, b) -> {
                        judgeProvider[0] = judge.provider(clock);
                        Colony colony = Colony.of(List.of(
                                        MemoryProposalPipelineTest.SCHEMA, MemoryProposalPipelineTest.MODERATION))
                                .thenAsk(ModelColonyAgent.ID, new ModelColonyAgent(judgeProvider[0], "gpt-4o-mini"));
                        return b.memory(
                                HelixMemory.inMemory(clock, Flags.fixed(java.util.Map.of()), DnaKeyring.none()),
                                colony,
                                MemoryProposalPipelineTest.MAJORITY);
                    })) {
                for (int version = 1; version <= 2; version++) {
                    judge.then(FakeUpstream.ok(
                            ModelColonyAgentTest.answer("{\"store\": true, \"confidence\": 0.9, \"reason\": \"r\"}")));
                    GovernedResult r = f.pipeline.complete(proposing("s-" + version));

                    JsonNode proposal = f.bundle(r.auditId()).at("/request/memory/proposals/0");
                    assertThat(proposal.get("key").asText()).isEqualTo("user.1.tone");
                    assertThat(proposal.get("status").asText()).isEqualTo("written");
                    assertThat(proposal.get("version").asLong()).isEqualTo(version);
                }
            } finally {
                if (judgeProvider[0] != null) {
                    judgeProvider[0].close();
                }
            }
        }
    }

    @Test
    void proposalsToAGatewayWithoutMemoryAreAuditedAsNotAttemptedBecauseNoMemoryIsConfigured() {
        DeltaModel model = new DeltaModel(List.of(RequestEndsTest.answer("m", "Noted.")));
        try (PipelineFixture f = new PipelineFixture(dir, x -> model)) {
            GovernedResult r = f.pipeline.complete(proposing("s-1"));

            assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(r.memory()).singleElement().satisfies(m -> {
                assertThat(m.status()).isEqualTo(MemoryOutcome.Status.NOT_ATTEMPTED);
                assertThat(m.reason()).isEqualTo("no memory is configured");
            });
            JsonNode proposal = f.bundle(r.auditId()).at("/request/memory/proposals/0");
            assertThat(proposal.get("key").asText()).isEqualTo("user.1.tone");
            assertThat(proposal.get("status").asText()).isEqualTo("not_attempted");
            assertThat(proposal.has("version")).isFalse();
            assertThat(proposal.get("reason").asText()).isEqualTo("no memory is configured");
        }
    }
}
