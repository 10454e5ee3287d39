package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.memory.colony.Colony;
import ai.lukhas.pwm.memory.colony.ConsensusMethod;
import ai.lukhas.pwm.memory.colony.ConsensusPersistence;
import ai.lukhas.pwm.memory.colony.ConsensusResult;
import ai.lukhas.pwm.memory.colony.Proposal;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import ai.lukhas.pwm.store.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Decides a request's memory proposals and writes each decision to store whose consensus strength
 * reaches {@code 1 − memory_write} ({@link MemoryWriteRule}), all in the calling tenant's memory.
 */
record MemoryStage(HelixMemory helix, Colony colony, ConsensusMethod method) {
    MemoryStage {
        Checks.nonNull("helix, colony, method", helix, colony, method);
    }

    List<MemoryOutcome> apply(TenantId tenant, List<MemoryProposal> proposals, MemoryWriteRule rule) {
        List<MemoryOutcome> out = new ArrayList<>(proposals.size());
        for (MemoryProposal m : proposals) {
            out.add(apply(tenant, m, rule));
        }
        return out;
    }

    private MemoryOutcome apply(TenantId tenant, MemoryProposal m, MemoryWriteRule rule) {
        long version = helix.read(tenant, m.key()).map(e -> e.version() + 1).orElse(1L);
        ConsensusResult result = colony.decide(new Proposal(tenant, m.key(), m.value(), version), method);
        OptionalLong v = OptionalLong.of(version);
        return switch (result) {
            case ConsensusResult.NoDecision n ->
                new MemoryOutcome(m.key(), MemoryOutcome.Status.NO_DECISION, OptionalDouble.empty(), v, n.reason());
            case ConsensusResult.Decided d
            when d.rejectsStoring() ->
                new MemoryOutcome(
                        m.key(),
                        MemoryOutcome.Status.REJECTED,
                        OptionalDouble.empty(),
                        v,
                        "the colony decided to store nothing (" + d.votesFor() + " of " + d.votesTotal() + " votes)");
            case ConsensusResult.Decided d -> {
                double strength = ConsensusPersistence.strength(d, 1.0);
                OptionalDouble s = OptionalDouble.of(strength);
                if (!rule.admits(strength)) {
                    yield new MemoryOutcome(
                            m.key(),
                            MemoryOutcome.Status.BELOW_REQUIRED_STRENGTH,
                            s,
                            v,
                            "strength " + strength + " is below the required " + rule.requiredStrength()
                                    + " (1 - memory_write " + rule.memoryWrite() + ")");
                }
                yield switch (ConsensusPersistence.persist(helix, tenant, d, 1.0)) {
                    case ConsensusPersistence.Outcome.Written w
                    when w.receipt().outcome() == WriteReceipt.Outcome.WRITTEN ->
                        new MemoryOutcome(
                                m.key(),
                                MemoryOutcome.Status.WRITTEN,
                                s,
                                v,
                                "strength " + strength + " reaches the required " + rule.requiredStrength()
                                        + " (1 - memory_write " + rule.memoryWrite() + ")");
                    case ConsensusPersistence.Outcome.Written w ->
                        new MemoryOutcome(
                                m.key(),
                                MemoryOutcome.Status.NOT_APPLIED,
                                s,
                                v,
                                "the helix did not apply it: "
                                        + w.receipt().outcome().name().toLowerCase(java.util.Locale.ROOT)
                                        + " (current version " + w.receipt().version() + ")");
                    case ConsensusPersistence.Outcome.NotWritten n ->
                        new MemoryOutcome(m.key(), MemoryOutcome.Status.REJECTED, s, v, n.reason());
                };
            }
        };
    }

    static List<MemoryOutcome> notAttempted(List<MemoryProposal> proposals, String reason) {
        return proposals.stream()
                .map(m -> new MemoryOutcome(
                        m.key(),
                        MemoryOutcome.Status.NOT_ATTEMPTED,
                        OptionalDouble.empty(),
                        OptionalLong.empty(),
                        reason))
                .toList();
    }
}
