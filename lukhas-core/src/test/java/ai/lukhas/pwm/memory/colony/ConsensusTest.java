package ai.lukhas.pwm.memory.colony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ConsensusTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNode X = json("{\"tone\":\"brief\"}");
    static final JsonNode Y = json("{\"tone\":\"chatty\"}");

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code forX} opinions for X then {@code forY} for Y, all at {@code confidence}. */
    static List<AgentOpinion> votes(int forX, int forY, double confidence) {
        List<AgentOpinion> out = new ArrayList<>();
        for (int i = 0; i < forX; i++) {
            out.add(new AgentOpinion("x" + i, X, confidence, "likes x"));
        }
        for (int i = 0; i < forY; i++) {
            out.add(new AgentOpinion("y" + i, Y, confidence, "likes y"));
        }
        return out;
    }

    static ConsensusResult decide(List<AgentOpinion> opinions, ConsensusMethod m) {
        return Consensus.decide("user.tone", 2, opinions, m);
    }

    static ConsensusResult.Decided decided(ConsensusResult r) {
        assertThat(r).isInstanceOf(ConsensusResult.Decided.class);
        return (ConsensusResult.Decided) r;
    }

    static String noDecision(ConsensusResult r) {
        assertThat(r).isInstanceOf(ConsensusResult.NoDecision.class);
        return ((ConsensusResult.NoDecision) r).reason();
    }

    @Test
    void majorityDecidesWithMoreThanHalfAndReportsDissent() {
        List<AgentOpinion> opinions = new ArrayList<>(votes(3, 1, 0.7));
        ConsensusResult.Decided d = decided(decide(opinions, new ConsensusMethod.Majority()));

        assertThat(d.decidedValue()).isEqualTo(X);
        assertThat(d.votesFor()).isEqualTo(3);
        assertThat(d.votesTotal()).isEqualTo(4);
        assertThat(d.confidence()).isEqualTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(d.version()).isEqualTo(2);
        assertThat(d.key()).isEqualTo("user.tone");
        assertThat(d.dissent()).extracting(AgentOpinion::agentId).containsExactly("y0");
    }

    @Test
    void majorityNeedsStrictlyMoreThanHalf() {
        assertThat(noDecision(decide(votes(2, 2, 0.9), new ConsensusMethod.Majority())))
                .isEqualTo("tie: two values each have 2 of 4 votes");
        List<AgentOpinion> three = new ArrayList<>(votes(2, 1, 0.9));
        three.add(new AgentOpinion("z", json("\"other\""), 0.9, ""));
        three.add(new AgentOpinion("w", json("\"fourth\""), 0.9, ""));
        assertThat(noDecision(decide(three, new ConsensusMethod.Majority())))
                .isEqualTo("the leading value has 2 of 5 votes, short of a strict majority (more than half)");
    }

    @Test
    void valuesAreComparedBySameValueJson() {
        List<AgentOpinion> opinions = List.of(
                new AgentOpinion("a", json("{\"n\":1,\"m\":\"x\"}"), 0.9, ""),
                new AgentOpinion("b", json("{\"m\":\"x\",\"n\":1.0}"), 0.9, ""),
                new AgentOpinion("c", json("{\"m\":\"y\"}"), 0.9, ""));
        assertThat(decided(decide(opinions, new ConsensusMethod.Majority())).votesFor())
                .isEqualTo(2);
    }

    @Test
    void noOpinionsIsANoDecisionNotAnException() {
        assertThat(noDecision(decide(List.of(), new ConsensusMethod.Majority())))
                .isEqualTo("no opinions");
    }

    @Test
    void oneOpinionPerAgent() {
        List<AgentOpinion> twice = List.of(new AgentOpinion("a", X, 0.5, ""), new AgentOpinion("a", Y, 0.5, ""));
        assertThatThrownBy(() -> decide(twice, new ConsensusMethod.Majority()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent 'a' gave more than one opinion");
    }

    @Test
    void weightedScoresAgentWeightTimesConfidence() {
        List<AgentOpinion> opinions = List.of(
                new AgentOpinion("senior", X, 0.5, ""), // 3 * 0.5 = 1.5
                new AgentOpinion("a", Y, 1.0, ""), // 1.0
                new AgentOpinion("b", Y, 0.4, "")); // 0.4
        ConsensusMethod.Weighted w = new ConsensusMethod.Weighted(Map.of("senior", 3.0), 1.0);

        ConsensusResult.Decided d = decided(decide(opinions, w));

        assertThat(d.decidedValue()).isEqualTo(X);
        assertThat(d.votesFor()).isEqualTo(1);
        assertThat(d.votesTotal()).isEqualTo(3);
        assertThat(d.confidence()).isCloseTo(1.5 / 2.9, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(d.dissent()).extracting(AgentOpinion::agentId).containsExactly("a", "b");
    }

    @Test
    void weightedTiesAndZeroScoresDecideNothing() {
        ConsensusMethod.Weighted even = new ConsensusMethod.Weighted(Map.of(), 1.0);
        assertThat(noDecision(decide(votes(1, 1, 0.5), even))).startsWith("tie:");
        ConsensusMethod.Weighted zero = new ConsensusMethod.Weighted(Map.of(), 0.0);
        assertThat(noDecision(decide(votes(2, 1, 0.9), zero))).startsWith("no positive weighted score");
        assertThatThrownBy(() -> new ConsensusMethod.Weighted(Map.of("a", -1.0), 1.0))
                .hasMessage("weight of agent 'a' must be a finite number >= 0, but was -1.0");
    }

    @Test
    void quorumNeedsParticipantsThenTheThreshold() {
        ConsensusMethod.Quorum q = new ConsensusMethod.Quorum(3, 0.6);

        assertThat(noDecision(decide(votes(2, 0, 0.9), q))).isEqualTo("quorum not met: 2 of 3 required participants");
        assertThat(decided(decide(votes(3, 2, 0.9), q)).votesFor()).isEqualTo(3); // 0.6 exactly: at the bound
        assertThat(noDecision(decide(votes(2, 2, 0.9), q))).startsWith("tie");
        assertThat(noDecision(decide(votes(4, 3, 0.9), q))) // 4/7 = 0.571 < 0.6
                .isEqualTo("the leading value has 4 of 7 votes, short of the quorum threshold 0.6");
        assertThatThrownBy(() -> new ConsensusMethod.Quorum(0, 0.5)).hasMessageContaining("min_participants");
        assertThatThrownBy(() -> new ConsensusMethod.Quorum(1, 0.0)).hasMessageContaining("threshold");
    }

    @Test
    void supermajorityNeedsAtLeastTwoThirds() {
        ConsensusMethod s = new ConsensusMethod.Supermajority();
        assertThat(decided(decide(votes(2, 1, 0.9), s)).votesFor()).isEqualTo(2); // exactly 2/3
        assertThat(decided(decide(votes(4, 2, 0.9), s)).votesFor()).isEqualTo(4);
        assertThat(noDecision(decide(votes(3, 2, 0.9), s))).contains("3 of 5 votes");
        assertThat(noDecision(decide(votes(5, 3, 0.9), s))).contains("5 of 8 votes"); // 0.625
    }

    @Test
    void byzantineDecidesOnlyWhenTheHonestMajorityHoldsAtTheBound() {
        ConsensusMethod b = new ConsensusMethod.Byzantine();
        // n=4, f=1: needs 2v > 5
        assertThat(decided(decide(votes(3, 1, 0.9), b)).votesFor()).isEqualTo(3);
        // n=5, f=1: needs 2v > 6, so 3 of 5 (a plain majority) is not enough, 4 is
        assertThat(noDecision(decide(votes(3, 2, 0.9), b)))
                .isEqualTo("the leading value has 3 of 5 votes, short of an honest majority with f=1 faulty of n=5"
                        + " (needs 2v > n + f)");
        assertThat(decided(decide(votes(3, 2, 0.9), new ConsensusMethod.Majority()))
                        .votesFor())
                .isEqualTo(3);
        assertThat(decided(decide(votes(4, 1, 0.9), b)).votesFor()).isEqualTo(4);
        // n=7, f=2: 4 is not enough, 5 is
        assertThat(noDecision(decide(votes(4, 3, 0.9), b))).contains("f=2 faulty of n=7");
        assertThat(decided(decide(votes(5, 2, 0.9), b)).votesFor()).isEqualTo(5);
        // n=10, f=3: 6 is not enough, 7 is
        assertThat(decide(votes(6, 4, 0.9), b)).isInstanceOf(ConsensusResult.NoDecision.class);
        assertThat(decide(votes(7, 3, 0.9), b)).isInstanceOf(ConsensusResult.Decided.class);
        // n=1..3, f=0: a plain strict majority
        assertThat(decide(votes(1, 0, 0.9), b)).isInstanceOf(ConsensusResult.Decided.class);
        assertThat(decide(votes(2, 1, 0.9), b)).isInstanceOf(ConsensusResult.Decided.class);
    }

    @Test
    void byzantineIgnoresOpinionsBelowConfidencePointTwoAndCountsThoseAtIt() {
        ConsensusMethod b = new ConsensusMethod.Byzantine();
        List<AgentOpinion> opinions = new ArrayList<>(votes(3, 0, 0.9));
        opinions.add(new AgentOpinion("y0", Y, 0.19, "unsure"));
        opinions.add(new AgentOpinion("y1", Y, 0.19, "unsure"));

        ConsensusResult.Decided d = decided(decide(opinions, b)); // n=3, f=0: unanimous

        assertThat(d.votesTotal()).isEqualTo(3);
        assertThat(d.dissent()).isEmpty();

        List<AgentOpinion> atBound = new ArrayList<>(votes(3, 0, 0.9));
        atBound.add(new AgentOpinion("y0", Y, 0.2, "barely"));
        atBound.add(new AgentOpinion("y1", Y, 0.2, "barely"));
        assertThat(noDecision(decide(atBound, b))).contains("3 of 5 votes"); // n=5, f=1

        assertThat(noDecision(decide(List.of(new AgentOpinion("a", X, 0.1, "")), b)))
                .isEqualTo("all 1 opinions have confidence < 0.2");
        List<AgentOpinion> split = new ArrayList<>(votes(1, 1, 0.9));
        split.add(new AgentOpinion("low", X, 0.05, ""));
        assertThat(noDecision(decide(split, b))).endsWith("; 1 opinion(s) ignored for confidence < 0.2");
    }

    @Test
    void faultToleranceIsFloorOfNMinusOneOverThree() {
        assertThat(List.of(1, 2, 3, 4, 6, 7, 10, 100).stream()
                        .map(ConsensusMethod.Byzantine::faultTolerance)
                        .toList())
                .containsExactly(0, 0, 0, 1, 1, 2, 3, 33);
    }

    @Property(tries = 300)
    void byzantineNeverDecidesWhereAPlainMajorityWouldNot(
            @ForAll @IntRange(min = 0, max = 12) int forX,
            @ForAll @IntRange(min = 0, max = 12) int forY,
            @ForAll @IntRange(min = 20, max = 100) int confidencePercent) {
        List<AgentOpinion> opinions = votes(forX, forY, confidencePercent / 100.0);
        ConsensusResult byz = decide(opinions, new ConsensusMethod.Byzantine());
        ConsensusResult maj = decide(opinions, new ConsensusMethod.Majority());
        if (byz instanceof ConsensusResult.Decided d) {
            assertThat(maj).isInstanceOf(ConsensusResult.Decided.class);
            assertThat(((ConsensusResult.Decided) maj).decidedValue()).isEqualTo(d.decidedValue());
            // the decision survives f of its own backers being faulty: v - f > (n - f) / 2
            int n = d.votesTotal();
            int f = ConsensusMethod.Byzantine.faultTolerance(n);
            assertThat(2.0 * (d.votesFor() - f)).isGreaterThan(n - f);
        }
    }

    @Property(tries = 300)
    void aDecisionNeverHasMoreVotesThanOpinionsOrFewerThanItsDissentImplies(
            @ForAll @IntRange(min = 1, max = 9) int forX, @ForAll @IntRange(min = 0, max = 9) int forY) {
        for (ConsensusMethod m : List.of(
                new ConsensusMethod.Majority(),
                new ConsensusMethod.Supermajority(),
                new ConsensusMethod.Quorum(2, 0.5),
                new ConsensusMethod.Weighted(Map.of(), 1.0))) {
            if (decide(votes(forX, forY, 0.8), m) instanceof ConsensusResult.Decided d) {
                assertThat(d.votesFor() + d.dissent().size()).isEqualTo(d.votesTotal());
                assertThat(d.votesTotal()).isEqualTo(forX + forY);
            }
        }
    }
}
