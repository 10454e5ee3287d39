package ai.lukhas.pwm.memory.colony;

import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Writes decided consensus results to one tenant's DNA helix memory, with a strength that grows with the colony's
 * confidence and agreement: quorum = votes_for / max(1, votes_total), strength = clamp(maxStrength ·
 * (0.4 + 0.5 · (0.5 · confidence + 0.5 · quorum)), 0.1, 1.0). Only decided results that store a value
 * are written; meta records the method and the votes under {@code "consensus"}.
 *
 * <pre>{@code
 * ConsensusPersistence.Outcome o = ConsensusPersistence.persist(helix, TenantId.of("acme"), result, 1.0);
 * }</pre>
 */
public final class ConsensusPersistence {
    private ConsensusPersistence() {}

    /** What persisting a consensus result did. */
    public sealed interface Outcome {
        /** Handed to the helix; the receipt says whether the version rules let it in. */
        record Written(WriteReceipt receipt) implements Outcome {
            public Written {
                Objects.requireNonNull(receipt, "receipt");
            }
        }

        /** Nothing was written, and why. */
        record NotWritten(String reason) implements Outcome {
            public NotWritten {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** The DNA strength for a decided result (formula in the class comment). */
    public static double strength(ConsensusResult.Decided d, double maxStrength) {
        if (!(maxStrength > 0.0) || !Double.isFinite(maxStrength)) {
            throw new IllegalArgumentException("max_strength must be a finite number > 0, but was " + maxStrength);
        }
        double quorum = (double) d.votesFor() / Math.max(1, d.votesTotal());
        double raw = maxStrength * (0.4 + 0.5 * (0.5 * d.confidence() + 0.5 * quorum));
        return Math.max(HelixMemory.MIN_STRENGTH, Math.min(HelixMemory.MAX_STRENGTH, raw));
    }

    /** Writes {@code result} to {@code tenant}'s memory in {@code helix} if it is a decision to store a value. */
    public static Outcome persist(HelixMemory helix, TenantId tenant, ConsensusResult result, double maxStrength) {
        Objects.requireNonNull(tenant, "tenant");
        return switch (result) {
            case ConsensusResult.NoDecision n -> new Outcome.NotWritten("no decision: " + n.reason());
            case ConsensusResult.Decided d
            when d.rejectsStoring() ->
                new Outcome.NotWritten(
                        "the colony decided to store nothing (" + d.votesFor() + " of " + d.votesTotal() + " votes)");
            case ConsensusResult.Decided d ->
                new Outcome.Written(
                        helix.write(tenant, d.key(), d.decidedValue(), d.version(), strength(d, maxStrength), meta(d)));
        };
    }

    static ObjectNode meta(ConsensusResult.Decided d) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        ObjectNode c = meta.putObject("consensus");
        c.put("method", d.method().wireName());
        c.put("votes_for", d.votesFor());
        c.put("votes_total", d.votesTotal());
        c.put("confidence", d.confidence());
        ArrayNode dissent = c.putArray("dissent");
        for (AgentOpinion o : d.dissent()) {
            dissent.addObject().put("agent_id", o.agentId()).put("rationale", o.rationale());
        }
        return meta;
    }
}
