package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.memory.colony.AgentOpinion;
import ai.lukhas.pwm.memory.colony.Colony;
import ai.lukhas.pwm.memory.colony.ColonyAgent;
import ai.lukhas.pwm.memory.colony.ColonyArbitraries;
import ai.lukhas.pwm.memory.colony.Consensus;
import ai.lukhas.pwm.memory.colony.ConsensusMethod;
import ai.lukhas.pwm.memory.colony.ConsensusPersistence;
import ai.lukhas.pwm.memory.colony.ConsensusResult;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.store.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The memory_write rule, for any memory_write and any consensus decision: a proposal is written if
 * and only if the colony decides to store and the strength reaches 1 − memory_write; and tightening
 * (a lower memory_write) never turns a refused write into a written one.
 */
class MemoryWriteRuleProperties {
    static final TenantId T = TenantId.of(PipelineFixture.CALLER.tenant());
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T05:00:00Z"), ZoneOffset.UTC);
    static final MemoryProposal PROPOSAL = new MemoryProposal("user.1.tone", ColonyArbitraries.PROPOSED);

    @Provide
    Arbitrary<List<AgentOpinion>> opinions() {
        return ColonyArbitraries.opinions(1, 7);
    }

    @Provide
    Arbitrary<Double> memoryWrites() {
        return Arbitraries.oneOf(
                Arbitraries.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0),
                Arbitraries.doubles().between(0.0, 1.0));
    }

    /** The proposal's outcome with a colony giving exactly {@code opinions}, on an empty helix. */
    private static MemoryOutcome outcome(List<AgentOpinion> opinions, ConsensusMethod method, double memoryWrite) {
        HelixMemory helix = HelixMemory.inMemory(CLOCK, Flags.fixed(Map.of()), DnaKeyring.none());
        Colony colony =
                Colony.of(opinions.stream().map(o -> (ColonyAgent) p -> o).toList());
        List<MemoryOutcome> out =
                new MemoryStage(helix, colony, method).apply(T, List.of(PROPOSAL), new MemoryWriteRule(memoryWrite));
        MemoryOutcome m = out.getFirst();
        assertThat(helix.read(T, PROPOSAL.key()).isPresent())
                .as("the helix holds it exactly when the outcome says written")
                .isEqualTo(m.status() == MemoryOutcome.Status.WRITTEN);
        return m;
    }

    @Property(tries = 1000)
    void writtenIffTheColonyStoresAndTheStrengthReachesOneMinusMemoryWrite(
            @ForAll("opinions") List<AgentOpinion> opinions,
            @ForAll(supplier = ColonyArbitraries.Methods.class) ConsensusMethod method,
            @ForAll("memoryWrites") double memoryWrite) {
        ConsensusResult decision = Consensus.decide(PROPOSAL.key(), 1, opinions, method);
        boolean stores = decision instanceof ConsensusResult.Decided d && !d.rejectsStoring();

        MemoryOutcome m = outcome(opinions, method, memoryWrite);

        if (stores) {
            double strength = ConsensusPersistence.strength((ConsensusResult.Decided) decision, 1.0);
            assertThat(m.strength()).hasValue(strength);
            boolean reaches = strength >= 1 - memoryWrite - MemoryWriteRule.EPSILON;
            assertThat(m.status())
                    .isEqualTo(reaches ? MemoryOutcome.Status.WRITTEN : MemoryOutcome.Status.BELOW_REQUIRED_STRENGTH);
        } else {
            assertThat(m.status())
                    .isEqualTo(
                            decision instanceof ConsensusResult.NoDecision
                                    ? MemoryOutcome.Status.NO_DECISION
                                    : MemoryOutcome.Status.REJECTED);
        }
    }

    @Property(tries = 1000)
    void tighteningNeverTurnsARefusedWriteIntoAWrittenOne(
            @ForAll("opinions") List<AgentOpinion> opinions,
            @ForAll(supplier = ColonyArbitraries.Methods.class) ConsensusMethod method,
            @ForAll("memoryWrites") double a,
            @ForAll("memoryWrites") double b) {
        double tighter = Math.min(a, b);
        double looser = Math.max(a, b);

        boolean writtenTight = outcome(opinions, method, tighter).status() == MemoryOutcome.Status.WRITTEN;
        boolean writtenLoose = outcome(opinions, method, looser).status() == MemoryOutcome.Status.WRITTEN;

        assertThat(!writtenLoose && writtenTight)
                .as("refused at memory_write %s but written at the tighter %s", looser, tighter)
                .isFalse();
    }

    @Property(tries = 500)
    void theBoundaryIsInclusive(
            @ForAll("opinions") List<AgentOpinion> opinions,
            @ForAll(supplier = ColonyArbitraries.Methods.class) ConsensusMethod method) {
        if (!(Consensus.decide(PROPOSAL.key(), 1, opinions, method) instanceof ConsensusResult.Decided d)
                || d.rejectsStoring()) {
            return;
        }
        double strength = ConsensusPersistence.strength(d, 1.0);

        assertThat(outcome(opinions, method, 1 - strength).status()).isEqualTo(MemoryOutcome.Status.WRITTEN);
        assertThat(outcome(opinions, method, 1 - strength - 1e-6).status())
                .isEqualTo(MemoryOutcome.Status.BELOW_REQUIRED_STRENGTH);
    }

    @Test
    void theRuleAtItsBoundary() {
        MemoryWriteRule defaults = new MemoryWriteRule(0.4);
        assertThat(defaults.requiredStrength()).isEqualTo(0.6);
        assertThat(defaults.admits(0.6)).isTrue();
        assertThat(defaults.admits(Math.nextDown(0.6)))
                .as("within the rounding tolerance")
                .isTrue();
        assertThat(defaults.admits(0.6 - 1e-6)).isFalse();
        // 1 − 0.7 is 0.30000000000000004 in doubles: a strength of 0.3 still reaches it.
        assertThat(new MemoryWriteRule(0.7).requiredStrength()).isGreaterThan(0.3);
        assertThat(new MemoryWriteRule(0.7).admits(0.3)).isTrue();
        assertThat(new MemoryWriteRule(1.0).admits(0.1)).isTrue();
        assertThat(new MemoryWriteRule(0.1).admits(0.9)).isTrue();
        assertThat(new MemoryWriteRule(0.1).admits(0.875)).isFalse();
        assertThatThrownBy(() -> new MemoryWriteRule(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memory_write");
    }
}
