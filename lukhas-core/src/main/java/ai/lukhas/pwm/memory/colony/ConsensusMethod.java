package ai.lukhas.pwm.memory.colony;

import java.util.Map;

/**
 * How a colony turns opinions into a decision. Opinions back values; values are compared by canonical JSON.
 * The exact rules (n = number of opinions counted, v = votes for the leading value):
 *
 * <ul>
 *   <li>{@link Majority}: decided when 2v &gt; n; confidence = mean confidence of its backers.
 *   <li>{@link Weighted}: score(value) = Σ weight(agent) × confidence; the value with the single highest
 *       score is decided; confidence = winning score / total score. No positive score → no decision.
 *   <li>{@link Quorum}: needs n ≥ minParticipants, then v / n ≥ threshold and a single leading value.
 *   <li>{@link Supermajority}: decided when 3v ≥ 2n (at least two thirds).
 *   <li>{@link Byzantine}: opinions with confidence &lt; 0.2 are ignored; of the n left, up to
 *       f = ⌊(n − 1) / 3⌋ may be faulty; decided only when 2v &gt; n + f, i.e. the value keeps a strict
 *       majority of the (at least n − f) honest agents even if f of its own backers are faulty
 *       (v − f &gt; (n − f) / 2). Example: n = 7, f = 2 needs 5 votes, where a plain majority needs 4.
 * </ul>
 *
 * <pre>{@code
 * ConsensusMethod m = new ConsensusMethod.Quorum(3, 0.6);
 * ConsensusResult r = Consensus.decide("user.42.tone", 2, opinions, m);
 * }</pre>
 */
public sealed interface ConsensusMethod {
    /** The method's name on the wire and in DNA meta: majority, weighted, quorum, supermajority, byzantine. */
    String wireName();

    record Majority() implements ConsensusMethod {
        @Override
        public String wireName() {
            return "majority";
        }
    }

    /**
     * @param weights per agent id; agents not listed weigh {@code defaultWeight}
     */
    record Weighted(Map<String, Double> weights, double defaultWeight) implements ConsensusMethod {
        public Weighted {
            weights = Map.copyOf(weights);
            checkWeight("defaultWeight", defaultWeight);
            weights.forEach((agent, w) -> checkWeight("weight of agent '" + agent + "'", w));
        }

        private static void checkWeight(String what, double w) {
            if (!(w >= 0.0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException(what + " must be a finite number >= 0, but was " + w);
            }
        }

        double weightOf(String agentId) {
            return weights.getOrDefault(agentId, defaultWeight);
        }

        @Override
        public String wireName() {
            return "weighted";
        }
    }

    /**
     * @param minParticipants opinions needed before anything is decided (≥ 1)
     * @param threshold share of the opinions the leading value needs, in (0, 1]
     */
    record Quorum(int minParticipants, double threshold) implements ConsensusMethod {
        public Quorum {
            if (minParticipants < 1) {
                throw new IllegalArgumentException("min_participants must be >= 1, but was " + minParticipants);
            }
            if (!(threshold > 0.0 && threshold <= 1.0)) {
                throw new IllegalArgumentException("threshold must be in (0, 1], but was " + threshold);
            }
        }

        @Override
        public String wireName() {
            return "quorum";
        }
    }

    record Supermajority() implements ConsensusMethod {
        @Override
        public String wireName() {
            return "supermajority";
        }
    }

    record Byzantine() implements ConsensusMethod {
        /** Opinions less confident than this are ignored. */
        public static final double MIN_CONFIDENCE = 0.2;

        /** How many of {@code n} counted agents may be faulty: ⌊(n − 1) / 3⌋. */
        public static int faultTolerance(int n) {
            return n < 1 ? 0 : (n - 1) / 3;
        }

        @Override
        public String wireName() {
            return "byzantine";
        }
    }
}
