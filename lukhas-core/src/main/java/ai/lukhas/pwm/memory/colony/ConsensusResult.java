package ai.lukhas.pwm.memory.colony;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a colony decided about a key: {@link Decided} or {@link NoDecision} (with the reason). Neither
 * is an error.
 *
 * <pre>{@code
 * switch (Consensus.decide(key, version, opinions, new ConsensusMethod.Majority())) {
 *     case ConsensusResult.Decided d -> ConsensusPersistence.persist(helix, d, 1.0);
 *     case ConsensusResult.NoDecision n -> log.info("no decision: {}", n.reason());
 * }
 * }</pre>
 */
public sealed interface ConsensusResult {
    String key();

    ConsensusMethod method();

    /** The DNA version a decision is to be written as. */
    long version();

    /** Opinions counted (for byzantine: after ignoring low-confidence ones). */
    int votesTotal();

    /**
     * The colony decided on {@code decidedValue} (JSON {@code null}: decided to store nothing).
     *
     * @param dissent counted opinions that backed another value
     */
    record Decided(
            String key,
            JsonNode decidedValue,
            int votesFor,
            int votesTotal,
            double confidence,
            ConsensusMethod method,
            long version,
            List<AgentOpinion> dissent)
            implements ConsensusResult {
        public Decided {
            Checks.nonNull("key, decidedValue, method", key, decidedValue, method);
            dissent = List.copyOf(dissent);
            decidedValue = decidedValue.deepCopy();
            if (votesFor < 1 || votesFor > votesTotal) {
                throw new IllegalArgumentException(
                        "votes_for must be in [1, votes_total=" + votesTotal + "], but was " + votesFor);
            }
            if (!(confidence >= 0.0 && confidence <= 1.0)) {
                throw new IllegalArgumentException("confidence must be in [0, 1], but was " + confidence);
            }
        }

        @Override
        public JsonNode decidedValue() {
            return decidedValue.deepCopy();
        }

        /** True when the colony decided that nothing should be stored. */
        public boolean rejectsStoring() {
            return decidedValue.isNull();
        }
    }

    /** No value met the method's rule; {@code reason} says which rule and by how much. */
    record NoDecision(String key, ConsensusMethod method, long version, int votesTotal, String reason)
            implements ConsensusResult {
        public NoDecision {
            Checks.nonNull("key, method, reason", key, method, reason);
        }
    }
}
