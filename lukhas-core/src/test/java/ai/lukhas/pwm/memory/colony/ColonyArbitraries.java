package ai.lukhas.pwm.memory.colony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;

/**
 * Generators for colony properties: opinions of agents {@code a0..a6} on the proposed value {@link
 * #PROPOSED}, another value or null, with any confidence (the byzantine and weighted edges included),
 * and any consensus method.
 */
public final class ColonyArbitraries {
    /** The value every generated proposal proposes. */
    public static final JsonNode PROPOSED =
            JsonNodeFactory.instance.objectNode().put("tone", "brief");

    /** Another value some agents may back instead. */
    public static final JsonNode OTHER = JsonNodeFactory.instance.objectNode().put("tone", "long");

    private ColonyArbitraries() {}

    public static Arbitrary<Double> confidences() {
        return Arbitraries.oneOf(
                Arbitraries.of(0.0, 0.1, 0.19, 0.2, 0.5, 0.9, 1.0),
                Arbitraries.doubles().between(0.0, 1.0));
    }

    /** One opinion per agent, agents a0, a1, ... in order; each backs PROPOSED, OTHER or null. */
    public static Arbitrary<List<AgentOpinion>> opinions(int min, int max) {
        Arbitrary<JsonNode> values = Arbitraries.of(PROPOSED, PROPOSED, OTHER, NullNode.getInstance());
        Arbitrary<Map.Entry<JsonNode, Double>> one =
                Combinators.combine(values, confidences()).as(Map::entry);
        return one.list().ofMinSize(min).ofMaxSize(max).map(list -> {
            List<AgentOpinion> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(new AgentOpinion(
                        "a" + i, list.get(i).getKey(), list.get(i).getValue(), "generated"));
            }
            return out;
        });
    }

    /** Opinions a deferred agent may give: back PROPOSED or reject, with any confidence. */
    public static Arbitrary<AgentOpinion> yesOrNo(String agentId) {
        return Combinators.combine(Arbitraries.of(true, false), confidences())
                .as((yes, c) -> yes
                        ? new AgentOpinion(agentId, PROPOSED, c, "generated")
                        : AgentOpinion.reject(agentId, c, "generated"));
    }

    /** {@link #methods()} for a parameter: {@code @ForAll(supplier = ColonyArbitraries.Methods.class)}. */
    public static final class Methods implements ArbitrarySupplier<ConsensusMethod> {
        @Override
        public Arbitrary<ConsensusMethod> get() {
            return methods();
        }
    }

    /** Every method, quorum and weighted with generated parameters (weights also for d0, d1, model). */
    public static Arbitrary<ConsensusMethod> methods() {
        Arbitrary<ConsensusMethod> quorum = Combinators.combine(
                        Arbitraries.integers().between(1, 6),
                        Arbitraries.oneOf(
                                Arbitraries.of(0.34, 0.5, 0.6, 2.0 / 3, 1.0),
                                Arbitraries.doubles().between(0.05, 1.0)))
                .as(ConsensusMethod.Quorum::new);
        Arbitrary<Double> weight = Arbitraries.of(0.0, 0.5, 1.0, 2.0, 3.0);
        List<String> ids = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "d0", "d1", "model");
        Arbitrary<ConsensusMethod> weighted = Combinators.combine(weight.list().ofSize(ids.size()), weight)
                .as((ws, dflt) -> {
                    Map<String, Double> m = new HashMap<>();
                    for (int i = 0; i < ids.size(); i++) {
                        m.put(ids.get(i), ws.get(i));
                    }
                    return new ConsensusMethod.Weighted(m, dflt);
                });
        return Arbitraries.oneOf(
                Arbitraries.of(
                        new ConsensusMethod.Majority(),
                        new ConsensusMethod.Supermajority(),
                        new ConsensusMethod.Byzantine()),
                quorum,
                weighted);
    }
}
