package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.memory.colony.AgentOpinion;
import ai.lukhas.pwm.memory.colony.Colony;
import ai.lukhas.pwm.memory.colony.ColonyAgent;
import ai.lukhas.pwm.memory.colony.Consensus;
import ai.lukhas.pwm.memory.colony.ConsensusMethod;
import ai.lukhas.pwm.memory.colony.ConsensusPersistence;
import ai.lukhas.pwm.memory.colony.ConsensusResult;
import ai.lukhas.pwm.memory.colony.Proposal;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.FakeUpstream;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.UserMessage;
import ai.lukhas.pwm.store.TenantId;
import ai.lukhas.pwm.testing.PolicyTexts;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory proposals through the whole pipeline: the colony (schema and moderation rule agents, then
 * the model agent over the local OpenAI-wire server, asked last) decides, and the pipeline writes a
 * decision to store only if its strength reaches 1 − memory_write. The rule itself is property-tested
 * in {@link MemoryWriteRuleProperties}; the strengths below are computed from the same opinions with
 * {@link ConsensusPersistence}, not written down.
 */
class MemoryProposalPipelineTest {
    static final TenantId T = TenantId.of(PipelineFixture.CALLER.tenant());
    /**
     * The default policy, but cautious about memory: memory_write defaults to 0.2 (so 0.8 is needed)
     * and alignment_risk caps it at max(0.1, 0.2 − 0.1·x) (so strict mode after a violation needs 0.9).
     * Under the default policy (0.4, so 0.6) every decision this colony can reach is strong enough,
     * which leaves no room to show a context changing the outcome.
     */
    static ModulationPolicy cautiousPolicy() {
        String yaml = PolicyTexts.DEFAULT;
        String withDefault = yaml.replace("  memory_write: 0.4\n", "  memory_write: 0.2\n");
        String anchor = "    planner_beam:     \"max(1, round(6 - 4*x))\"\n";
        String withCap = withDefault.replace(anchor, anchor + "    memory_write:     \"max(0.1, 0.2 - 0.1*x)\"\n");
        assertThat(withCap)
                .as("the default policy text changed; adapt this fixture")
                .isNotEqualTo(withDefault);
        assertThat(withDefault).isNotEqualTo(yaml);
        return ModulationPolicy.parse(withCap, "cautious-memory-policy.yaml");
    }

    /** Flags user input containing FLAGME and final output containing BLOCKME; the rest is local moderation. */
    static final ModerationProvider MARKERS = request -> {
        if (request.kind() == ContentKind.USER_INPUT && request.text().contains("FLAGME")) {
            return new MarkerModeration("FLAGME", Set.of(ContentKind.USER_INPUT)).moderate(request);
        }
        return new MarkerModeration("BLOCKME", Set.of(ContentKind.FINAL_OUTPUT)).moderate(request);
    };

    static final ColonyAgent SCHEMA = ColonyAgent.schema(Map.of(), 4096);
    static final ColonyAgent MODERATION = ColonyAgent.moderation(PiiScanner.standard());
    static final ConsensusMethod MAJORITY = new ConsensusMethod.Majority();

    @TempDir
    Path dir;

    final FakeUpstream judge = new FakeUpstream();
    PipelineFixture fixture;
    LlmProvider judgeProvider;
    HelixMemory helix;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (judgeProvider != null) {
            judgeProvider.close();
        }
        judge.close();
    }

    private PipelineFixture fixture() {
        return fixture(ModulationPolicy.loadDefault());
    }

    private PipelineFixture fixture(ModulationPolicy policy) {
        fixture =
                new PipelineFixture(dir, policy, clock -> LlmProvider.offline(), MARKERS, Durability.OS, (clock, b) -> {
                    helix = HelixMemory.inMemory(clock, Flags.fixed(Map.of()), DnaKeyring.none());
                    judgeProvider = judge.provider(clock);
                    Colony colony = Colony.of(List.of(SCHEMA, MODERATION))
                            .thenAsk(ModelColonyAgent.ID, new ModelColonyAgent(judgeProvider, "gpt-4o-mini"));
                    return b.memory(helix, colony, MAJORITY);
                });
        return fixture;
    }

    private static GovernedRequest proposing(
            String session, String text, List<SignalInput> signals, MemoryProposal... memory) {
        return GovernedRequest.builder(PipelineFixture.CALLER, session, "u-1", List.of(new UserMessage(text)))
                .signals(signals)
                .memory(List.of(memory))
                .build();
    }

    private static GovernedRequest proposing(List<SignalInput> signals, MemoryProposal... memory) {
        return proposing("s-mem", "I like brief answers.", signals, memory);
    }

    private static MemoryProposal tone() {
        return new MemoryProposal("user.1.tone", ModelColonyAgentTest.json("{\"tone\":\"brief\"}"));
    }

    private void judgeSays(boolean store, double confidence) {
        judge.then(FakeUpstream.ok(ModelColonyAgentTest.answer(
                "{\"store\": " + store + ", \"confidence\": " + confidence + ", \"reason\": \"r\"}")));
    }

    /** The strength the colony reaches when the model answers so: the real rule agents, then the model. */
    private static double strengthWhenTheModelSays(MemoryProposal m, boolean store, double confidence) {
        Proposal p = new Proposal(T, m.key(), m.value(), 1);
        List<AgentOpinion> opinions = new ArrayList<>(List.of(SCHEMA.assess(p), MODERATION.assess(p)));
        opinions.add(
                store
                        ? new AgentOpinion(ModelColonyAgent.ID, m.value(), confidence, "model: r")
                        : AgentOpinion.reject(ModelColonyAgent.ID, confidence, "model: r"));
        ConsensusResult r = Consensus.decide(m.key(), 1, opinions, MAJORITY);
        assertThat(r).isInstanceOf(ConsensusResult.Decided.class);
        assertThat(((ConsensusResult.Decided) r).rejectsStoring()).isFalse();
        return ConsensusPersistence.strength((ConsensusResult.Decided) r, 1.0);
    }

    @Test
    void underTheDefaultPolicyADecisionReachingOneMinusMemoryWriteIsWrittenAndAudited() {
        fixture();
        judgeSays(false, 0.9); // two of three back it: the weakest decision this colony can reach
        double strength = strengthWhenTheModelSays(tone(), false, 0.9);

        GovernedResult r = fixture.pipeline.complete(proposing(List.of(), tone()));

        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.params().memoryWrite()).isEqualTo(0.4);
        double required = 1 - r.params().memoryWrite();
        assertThat(strength).isGreaterThanOrEqualTo(required);
        MemoryOutcome m = r.memory().getFirst();
        assertThat(m.status()).isEqualTo(MemoryOutcome.Status.WRITTEN);
        assertThat(m.strength()).hasValue(strength);
        assertThat(m.reason()).contains("reaches the required " + required);
        assertThat(helix.read(T, "user.1.tone"))
                .hasValueSatisfying(e -> assertThat(e.version()).isEqualTo(1));
        JsonNode audited = fixture.bundle(r.auditId()).path("request").path("memory");
        assertThat(audited.path("memory_write").asDouble()).isEqualTo(0.4);
        assertThat(audited.path("required_strength").asDouble()).isEqualTo(required);
        assertThat(audited.path("proposals").get(0).path("status").asText()).isEqualTo("written");
        assertThat(audited.path("proposals").get(0).path("strength").asDouble()).isEqualTo(strength);
        assertThat(judge.received).hasSize(1);
        assertThat(fixture.verify().intact()).isTrue();
    }

    @Test
    void aContextThatRaisesMemoryWriteWritesWhatTheDefaultContextRefuses() {
        fixture(cautiousPolicy());
        double strength = strengthWhenTheModelSays(tone(), false, 0.9);
        SignalInput novelty = new SignalInput("novelty", 1.0, Optional.empty(), "client");

        judgeSays(false, 0.9);
        GovernedResult plain =
                fixture.pipeline.complete(proposing("s-plain", "I like brief answers.", List.of(), tone()));
        judgeSays(false, 0.9);
        GovernedResult novel =
                fixture.pipeline.complete(proposing("s-novel", "I like brief answers.", List.of(novelty), tone()));

        double plainRequired = 1 - plain.params().memoryWrite();
        double novelRequired = 1 - novel.params().memoryWrite();
        assertThat(novel.params().memoryWrite()).isGreaterThan(plain.params().memoryWrite());
        assertThat(strength).isLessThan(plainRequired).isGreaterThanOrEqualTo(novelRequired);

        MemoryOutcome refused = plain.memory().getFirst();
        assertThat(refused.status()).isEqualTo(MemoryOutcome.Status.BELOW_REQUIRED_STRENGTH);
        assertThat(refused.strength()).hasValue(strength);
        assertThat(refused.reason()).contains("below the required " + plainRequired);
        JsonNode audited = fixture.bundle(plain.auditId()).path("request").path("memory");
        assertThat(audited.path("memory_write").asDouble())
                .isEqualTo(plain.params().memoryWrite());
        assertThat(audited.path("required_strength").asDouble()).isEqualTo(plainRequired);
        assertThat(audited.path("proposals").get(0).path("status").asText()).isEqualTo("below_required_strength");

        MemoryOutcome written = novel.memory().getFirst();
        assertThat(written.status()).isEqualTo(MemoryOutcome.Status.WRITTEN);
        assertThat(written.strength()).hasValue(strength);
        assertThat(helix.read(T, "user.1.tone"))
                .hasValueSatisfying(e -> assertThat(e.strength()).isEqualTo(strength));
        assertThat(fixture.bundle(novel.auditId())
                        .at("/request/memory/required_strength")
                        .asDouble())
                .isEqualTo(novelRequired);
    }

    @Test
    void strictModeAfterAViolationRefusesWhatTheDefaultContextWrites() {
        fixture(cautiousPolicy());
        double strength = strengthWhenTheModelSays(tone(), true, 0.9); // unanimous

        judgeSays(true, 0.9);
        GovernedResult plain =
                fixture.pipeline.complete(proposing("s-plain", "I like brief answers.", List.of(), tone()));
        judgeSays(true, 0.9);
        MemoryProposal again = new MemoryProposal("user.2.tone", tone().value());
        GovernedResult strict =
                fixture.pipeline.complete(proposing("s-strict", "FLAGME: I like brief answers.", List.of(), again));

        // The flagged input tightened the session (alignment_risk = 1) and the request went on in strict mode.
        assertThat(strict.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(strict.safetyMode()).isEqualTo(SafetyMode.STRICT);
        assertThat(strict.incidents()).hasSize(1);
        assertThat(strict.params().memoryWrite()).isLessThan(plain.params().memoryWrite());
        assertThat(strength).isGreaterThanOrEqualTo(1 - plain.params().memoryWrite());
        assertThat(strength).isLessThan(1 - strict.params().memoryWrite());

        assertThat(plain.memory().getFirst().status()).isEqualTo(MemoryOutcome.Status.WRITTEN);
        assertThat(helix.read(T, "user.1.tone")).isPresent();
        MemoryOutcome refused = strict.memory().getFirst();
        assertThat(refused.status()).isEqualTo(MemoryOutcome.Status.BELOW_REQUIRED_STRENGTH);
        assertThat(refused.strength()).hasValue(strength);
        assertThat(helix.read(T, "user.2.tone")).isEmpty();
        assertThat(fixture.bundle(strict.auditId())
                        .at("/request/memory/required_strength")
                        .asDouble())
                .isEqualTo(1 - strict.params().memoryWrite());
    }

    @Test
    void theModelIsNotAskedWhenTheRuleAgentsAlreadyRejectAndIsAskedWhenItsVoteCounts() {
        fixture();
        // Not an object (schema rejects) and an unmarked e-mail address (moderation rejects): two of
        // three reject, so no answer of the model can make a majority store it.
        MemoryProposal contact = new MemoryProposal("user.1.contact", ModelColonyAgentTest.json("\"ada@example.com\""));

        GovernedResult r = fixture.pipeline.complete(proposing(List.of(), contact));

        assertThat(judge.received).isEmpty();
        MemoryOutcome m = r.memory().getFirst();
        assertThat(m.status()).isEqualTo(MemoryOutcome.Status.REJECTED);
        assertThat(helix.read(T, "user.1.contact")).isEmpty();

        judgeSays(false, 0.9);
        MemoryProposal email = // an object: schema backs it, so the model's vote decides
                new MemoryProposal("user.1.email", ModelColonyAgentTest.json("{\"email\":\"ada@example.com\"}"));
        GovernedResult asked = fixture.pipeline.complete(proposing(List.of(), email));

        assertThat(judge.received).hasSize(1);
        assertThat(judge.received.getFirst().body().toString()).contains("user.1.email");
        assertThat(asked.memory().getFirst().status()).isEqualTo(MemoryOutcome.Status.REJECTED);
        assertThat(helix.read(T, "user.1.email")).isEmpty();
    }

    @Test
    void onTheStreamingPathProposalsAreDecidedAfterTheStreamCompletesAndAudited() {
        fixture();
        judgeSays(true, 0.9);
        double strength = strengthWhenTheModelSays(tone(), true, 0.9);

        GovernedResult r;
        try (GovernedStream s = fixture.pipeline.stream(proposing(List.of(), tone()))) {
            List<ChatDelta> deltas = new ArrayList<>();
            for (Optional<ChatDelta> d = s.next(); d.isPresent(); d = s.next()) {
                if (d.get() instanceof ChatDelta.Content
                        && deltas.stream().noneMatch(x -> x instanceof ChatDelta.Content)) {
                    // The answer has begun streaming, and nothing is decided yet.
                    assertThat(helix.read(T, "user.1.tone")).isEmpty();
                    assertThat(judge.received).isEmpty();
                    assertThat(s.result()).isEmpty();
                }
                deltas.add(d.get());
            }
            assertThat(deltas).anyMatch(d -> d instanceof ChatDelta.Content);
            r = s.result().orElseThrow();
            assertThat(judge.received).hasSize(1);
        }

        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        MemoryOutcome m = r.memory().getFirst();
        assertThat(m.status()).isEqualTo(MemoryOutcome.Status.WRITTEN);
        assertThat(m.strength()).hasValue(strength);
        assertThat(helix.read(T, "user.1.tone")).isPresent();
        JsonNode audited = fixture.bundle(r.auditId()).path("request").path("memory");
        assertThat(audited.path("memory_write").asDouble()).isEqualTo(r.params().memoryWrite());
        assertThat(audited.path("required_strength").asDouble())
                .isEqualTo(1 - r.params().memoryWrite());
        assertThat(audited.path("proposals").get(0).path("status").asText()).isEqualTo("written");
        assertThat(audited.path("proposals").get(0).path("strength").asDouble()).isEqualTo(strength);
        assertThat(fixture.verify().intact()).isTrue();
    }

    @Test
    void aStreamTheClientClosesEarlyWritesNothing() {
        fixture();
        GovernedStream s = fixture.pipeline.stream(
                proposing("s-mem", "say: " + "the tide comes in and the tide goes out ".repeat(10), List.of(), tone()));
        s.next().orElseThrow();
        s.close();

        GovernedResult r = s.result().orElseThrow();
        assertThat(r.memory()).extracting(MemoryOutcome::status).containsExactly(MemoryOutcome.Status.NOT_ATTEMPTED);
        assertThat(r.memory().getFirst().reason()).contains("closed the stream");
        assertThat(helix.read(T, "user.1.tone")).isEmpty();
        assertThat(judge.received).isEmpty();
        assertThat(fixture.bundle(r.auditId())
                        .at("/request/memory/proposals/0/status")
                        .asText())
                .isEqualTo("not_attempted");
    }

    @Test
    void aRefusedRequestAttemptsNoProposalAndWritesNothing() {
        fixture();
        fixture.modulator.record(PipelineFixture.key("s-mem"), SignalInput.of("alignment_risk", 1.0, "test"));
        MemoryProposal other = new MemoryProposal("user.1.topic", ModelColonyAgentTest.json("{\"topic\":\"tides\"}"));

        GovernedResult r = fixture.pipeline.complete(proposing("s-mem", "FLAGME please", List.of(), tone(), other));

        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(fixture.providerRequests).isEmpty();
        assertNothingAttempted(r, "refused");
    }

    @Test
    void aContentFilteredRequestAttemptsNoProposalAndWritesNothing() {
        fixture();
        MemoryProposal other = new MemoryProposal("user.1.topic", ModelColonyAgentTest.json("{\"topic\":\"tides\"}"));

        GovernedResult r = fixture.pipeline.complete(proposing("s-mem", "say: BLOCKME now", List.of(), tone(), other));

        assertThat(r.outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
        assertNothingAttempted(r, "content_filtered");
    }

    @Test
    void aContentFilteredStreamAttemptsNoProposalAndWritesNothing() {
        fixture();
        GovernedResult r;
        try (GovernedStream s = fixture.pipeline.stream(proposing("s-mem", "say: BLOCKME now", List.of(), tone()))) {
            while (s.next().isPresent()) {
                // drain
            }
            r = s.result().orElseThrow();
        }

        assertThat(r.outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
        assertNothingAttempted(r, "content_filtered");
    }

    private void assertNothingAttempted(GovernedResult r, String outcome) {
        assertThat(r.memory()).isNotEmpty().allSatisfy(m -> {
            assertThat(m.status()).isEqualTo(MemoryOutcome.Status.NOT_ATTEMPTED);
            assertThat(m.reason()).isEqualTo("the request ended " + outcome);
            assertThat(m.strength()).isEmpty();
            assertThat(helix.read(T, m.key())).isEmpty();
        });
        assertThat(judge.received).isEmpty();
        JsonNode proposals = fixture.bundle(r.auditId()).at("/request/memory/proposals");
        assertThat(proposals).hasSize(r.memory().size());
        proposals.forEach(p -> assertThat(p.path("status").asText()).isEqualTo("not_attempted"));
    }
}
