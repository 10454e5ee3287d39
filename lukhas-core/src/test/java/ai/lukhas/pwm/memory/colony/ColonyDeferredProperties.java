package ai.lukhas.pwm.memory.colony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.store.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The short-circuit of agents asked last ({@link Colony#thenAsk}): they are skipped only when no
 * opinion of theirs could make the colony store a value, for every consensus method.
 */
class ColonyDeferredProperties {
    static final Proposal PROPOSAL = new Proposal(TenantId.DEFAULT, "user.1.tone", ColonyArbitraries.PROPOSED, 1);

    @Provide
    Arbitrary<List<AgentOpinion>> rules() {
        return ColonyArbitraries.opinions(0, 7);
    }

    @Provide
    Arbitrary<List<AgentOpinion>> deferredOpinions() {
        return Arbitraries.integers()
                .between(1, 2)
                .flatMap(k -> k == 1
                        ? ColonyArbitraries.yesOrNo("d0").map(List::of)
                        : net.jqwik.api.Combinators.combine(
                                        ColonyArbitraries.yesOrNo("d0"), ColonyArbitraries.yesOrNo("d1"))
                                .as(List::of));
    }

    private static boolean stores(ConsensusResult r) {
        return r instanceof ConsensusResult.Decided d && !d.rejectsStoring();
    }

    @Property(tries = 2000)
    void whenSettledNoActualOpinionOfTheSkippedAgentsMakesTheColonyStore(
            @ForAll("rules") List<AgentOpinion> rules,
            @ForAll(supplier = ColonyArbitraries.Methods.class) ConsensusMethod method,
            @ForAll("deferredOpinions") List<AgentOpinion> actual) {
        List<String> ids = actual.stream().map(AgentOpinion::agentId).toList();
        if (Colony.settledAgainstStoring(PROPOSAL, method, rules, ids)) {
            List<AgentOpinion> all = new ArrayList<>(rules);
            all.addAll(actual);
            assertThat(stores(Consensus.decide(PROPOSAL.key(), PROPOSAL.version(), all, method)))
                    .as("settled, yet %s with %s stores", method, all)
                    .isFalse();
        }
    }

    @Property(tries = 1000)
    void theDeferredAgentIsAskedExactlyWhenItCouldMatterAndThenCountsLikeAnyAgent(
            @ForAll("rules") List<AgentOpinion> rules,
            @ForAll(supplier = ColonyArbitraries.Methods.class) ConsensusMethod method,
            @ForAll("deferredOpinions") List<AgentOpinion> actual) {
        if (rules.isEmpty()) {
            return;
        }
        AgentOpinion model = actual.getFirst();
        AtomicInteger asked = new AtomicInteger();
        List<ColonyAgent> agents = rules.stream().map(o -> (ColonyAgent) p -> o).toList();
        Colony colony = Colony.of(agents).thenAsk("d0", p -> {
            asked.incrementAndGet();
            return model;
        });

        ConsensusResult r = colony.decide(PROPOSAL, method);

        boolean settled = Colony.settledAgainstStoring(PROPOSAL, method, rules, List.of("d0"));
        assertThat(asked.get()).isEqualTo(settled ? 0 : 1);
        List<AgentOpinion> all = new ArrayList<>(rules);
        if (settled) {
            assertThat(stores(r)).isFalse();
            all.add(AgentOpinion.reject("d0", 0.0, "x"));
        } else {
            all.add(model);
        }
        ConsensusResult expected = Consensus.decide(PROPOSAL.key(), PROPOSAL.version(), all, method);
        assertThat(r.getClass()).isEqualTo(expected.getClass());
        if (r instanceof ConsensusResult.Decided d) {
            ConsensusResult.Decided e = (ConsensusResult.Decided) expected;
            assertThat(d.decidedValue()).isEqualTo(e.decidedValue());
            assertThat(d.votesFor()).isEqualTo(e.votesFor());
            assertThat(d.votesTotal()).isEqualTo(e.votesTotal());
            assertThat(d.confidence()).isEqualTo(e.confidence());
        }
    }

    @Test
    void underMajorityTwoRuleRejectionsOfFourAgentsSettleItAndOneDoesNot() {
        List<AgentOpinion> twoNo = List.of(
                new AgentOpinion("schema", ColonyArbitraries.PROPOSED, 1.0, "ok"),
                AgentOpinion.reject("moderation", 0.9, "pii"),
                AgentOpinion.reject("novelty", 0.9, "duplicate"));
        List<AgentOpinion> oneNo = List.of(
                new AgentOpinion("schema", ColonyArbitraries.PROPOSED, 1.0, "ok"),
                new AgentOpinion("moderation", ColonyArbitraries.PROPOSED, 0.8, "clean"),
                AgentOpinion.reject("novelty", 0.9, "duplicate"));
        ConsensusMethod majority = new ConsensusMethod.Majority();

        assertThat(Colony.settledAgainstStoring(PROPOSAL, majority, twoNo, List.of("model")))
                .isTrue();
        assertThat(Colony.settledAgainstStoring(PROPOSAL, majority, oneNo, List.of("model")))
                .isFalse();
    }

    @Test
    void whenSkippedTheAgentsOpinionIsRecordedAsNotConsulted() {
        AtomicInteger asked = new AtomicInteger();
        Colony colony = Colony.of(List.of(
                        p -> AgentOpinion.reject("schema", 1.0, "not an object"),
                        p -> AgentOpinion.reject("moderation", 0.9, "pii")))
                .thenAsk("model", p -> {
                    asked.incrementAndGet();
                    return new AgentOpinion("model", p.value(), 1.0, "yes");
                });

        ConsensusResult r = colony.decide(PROPOSAL, new ConsensusMethod.Weighted(Map.of(), 1.0));

        assertThat(asked).hasValue(0);
        assertThat(r).isInstanceOfSatisfying(ConsensusResult.Decided.class, d -> {
            assertThat(d.rejectsStoring()).isTrue();
            assertThat(d.votesTotal()).isEqualTo(3);
        });
        assertThat(colony.opinions(PROPOSAL)).hasSize(3); // opinions() still asks everyone
        assertThat(asked).hasValue(1);
    }

    @Test
    void anAgentAskedLastMustBackTheProposedValueOrRejectUnderItsOwnId() {
        Colony otherValue = Colony.of(List.of(p -> new AgentOpinion("schema", p.value(), 1.0, "ok")))
                .thenAsk("model", p -> new AgentOpinion("model", ColonyArbitraries.OTHER, 1.0, "other"));
        Colony otherId = Colony.of(List.of(p -> new AgentOpinion("schema", p.value(), 1.0, "ok")))
                .thenAsk("model", p -> AgentOpinion.reject("judge", 1.0, "no"));

        assertThatThrownBy(() -> otherValue.decide(PROPOSAL, new ConsensusMethod.Majority()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must back the proposed value or reject");
        assertThatThrownBy(() -> otherId.decide(PROPOSAL, new ConsensusMethod.Majority()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'judge'");
        assertThatThrownBy(() -> Colony.of(List.of(p -> AgentOpinion.reject("a", 1, "x")))
                        .thenAsk("m", p -> null)
                        .thenAsk("m", p -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already");
    }
}
