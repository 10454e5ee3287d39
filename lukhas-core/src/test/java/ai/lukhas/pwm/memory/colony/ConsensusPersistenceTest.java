package ai.lukhas.pwm.memory.colony;

import static ai.lukhas.pwm.memory.colony.ConsensusTest.X;
import static ai.lukhas.pwm.memory.colony.ConsensusTest.json;
import static ai.lukhas.pwm.memory.colony.ConsensusTest.votes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.DnaValue;
import ai.lukhas.pwm.memory.dna.HelixEntry;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import ai.lukhas.pwm.store.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ConsensusPersistenceTest {
    static final TenantId T = TenantId.of("acme");
    final HelixMemory helix = HelixMemory.inMemory(
            Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC),
            Flags.fixed(Map.of()),
            DnaKeyring.of(List.of(new byte[32])));

    static ConsensusResult.Decided decided(int votesFor, int votesTotal, double confidence) {
        return new ConsensusResult.Decided(
                "k", X, votesFor, votesTotal, confidence, new ConsensusMethod.Majority(), 1, List.of());
    }

    @Test
    void strengthOfTheIssuesTwoExamples() {
        assertThat(ConsensusPersistence.strength(decided(3, 4, 0.7), 1.0)).isCloseTo(0.7625, offset(1e-12));
        assertThat(ConsensusPersistence.strength(decided(4, 5, 0.8), 1.0)).isCloseTo(0.8, offset(1e-12));
    }

    @Property(tries = 500)
    void strengthIsAlwaysWithinTheHelixBoundsAndGrowsWithVotes(
            @ForAll @IntRange(min = 1, max = 50) int total,
            @ForAll @IntRange(min = 1, max = 50) int forRaw,
            @ForAll @DoubleRange(min = 0, max = 1) double confidence,
            @ForAll @DoubleRange(min = 0.01, max = 3) double max) {
        int votesFor = Math.min(forRaw, total);
        double s = ConsensusPersistence.strength(decided(votesFor, total, confidence), max);
        assertThat(s).isBetween(0.1, 1.0);
        if (votesFor < total) {
            assertThat(ConsensusPersistence.strength(decided(votesFor + 1, total, confidence), max))
                    .isGreaterThanOrEqualTo(s);
        }
    }

    @Test
    void strengthScalesWithMaxStrengthAndIsClamped() {
        assertThat(ConsensusPersistence.strength(decided(4, 4, 1.0), 1.0)).isEqualTo(0.9);
        assertThat(ConsensusPersistence.strength(decided(4, 4, 1.0), 0.5)).isCloseTo(0.45, offset(1e-12));
        assertThat(ConsensusPersistence.strength(decided(1, 4, 0.0), 0.1)).isEqualTo(0.1);
        assertThat(ConsensusPersistence.strength(decided(4, 4, 1.0), 5.0)).isEqualTo(1.0);
    }

    @Test
    void aMajorityOfThreeInFourAtPointSevenIsWrittenWithStrengthPointSevenSixTwoFiveAndItsVotesInMeta() {
        ConsensusResult r = Consensus.decide("k", 1, votes(3, 1, 0.7), new ConsensusMethod.Majority());

        ConsensusPersistence.Outcome o = ConsensusPersistence.persist(helix, T, r, 1.0);

        assertThat(o).isInstanceOf(ConsensusPersistence.Outcome.Written.class);
        WriteReceipt receipt = ((ConsensusPersistence.Outcome.Written) o).receipt();
        assertThat(receipt.outcome()).isEqualTo(WriteReceipt.Outcome.WRITTEN);
        assertThat(receipt.strength()).isCloseTo(0.7625, offset(1e-12));
        HelixEntry e = helix.read(T, "k").orElseThrow();
        assertThat(e.value()).isEqualTo(new DnaValue.Clear(X, false));
        assertThat(e.meta().at("/consensus/method").asText()).isEqualTo("majority");
        assertThat(e.meta().at("/consensus/votes_for").asInt()).isEqualTo(3);
        assertThat(e.meta().at("/consensus/votes_total").asInt()).isEqualTo(4);
        assertThat(e.meta().at("/consensus/dissent/0/agent_id").asText()).isEqualTo("y0");
    }

    @Test
    void onlyDecidedResultsThatStoreAValueAreWritten() {
        ConsensusResult none = Consensus.decide("k", 1, votes(2, 2, 0.7), new ConsensusMethod.Majority());
        assertThat(ConsensusPersistence.persist(helix, T, none, 1.0))
                .isEqualTo(new ConsensusPersistence.Outcome.NotWritten(
                        "no decision: tie: two values each have 2 of 4 votes"));

        List<AgentOpinion> rejecting = new ArrayList<>();
        rejecting.add(AgentOpinion.reject("a", 1.0, "no"));
        rejecting.add(AgentOpinion.reject("b", 1.0, "no"));
        rejecting.add(new AgentOpinion("c", X, 1.0, "yes"));
        ConsensusResult reject = Consensus.decide("k", 1, rejecting, new ConsensusMethod.Majority());
        assertThat(ConsensusPersistence.persist(helix, T, reject, 1.0))
                .isEqualTo(new ConsensusPersistence.Outcome.NotWritten(
                        "the colony decided to store nothing (2 of 3 votes)"));
        assertThat(helix.read(T, "k")).isEmpty();
    }

    @Test
    void aDecidedPersonalValueIsEncryptedByTheHelix() {
        var personal = json("{\"_personal\":true,\"email\":\"ada@example.org\"}");
        ConsensusResult r = Consensus.decide(
                "u", 1, List.of(new AgentOpinion("a", personal, 0.9, "")), new ConsensusMethod.Majority());

        ConsensusPersistence.persist(helix, T, r, 1.0);

        assertThat(helix.read(T, "u").orElseThrow().value()).isEqualTo(new DnaValue.Clear(personal, true));
    }
}
