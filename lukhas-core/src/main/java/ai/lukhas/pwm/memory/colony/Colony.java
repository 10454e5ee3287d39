package ai.lukhas.pwm.memory.colony;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fixed set of agents asked, in order, for their opinion on each proposal; the opinions are then
 * decided by a {@link ConsensusMethod}.
 *
 * <pre>{@code
 * Colony colony = Colony.of(List.of(ColonyAgent.schema(Map.of(), 4096), ColonyAgent.moderation(PiiScanner.standard())));
 * ConsensusResult r = colony.decide(new Proposal("user.42.tone", value, 2), new ConsensusMethod.Majority());
 * }</pre>
 */
public final class Colony {
    private final List<ColonyAgent> agents;

    private Colony(List<ColonyAgent> agents) {
        this.agents = agents;
    }

    /** A colony of {@code agents} (at least one). */
    public static Colony of(List<ColonyAgent> agents) {
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("a colony needs at least one agent, but was given none");
        }
        return new Colony(List.copyOf(agents));
    }

    /** Every agent's opinion on {@code proposal}, in agent order. */
    public List<AgentOpinion> opinions(Proposal proposal) {
        Objects.requireNonNull(proposal, "proposal");
        List<AgentOpinion> out = new ArrayList<>(agents.size());
        for (ColonyAgent agent : agents) {
            out.add(Objects.requireNonNull(agent.assess(proposal), "agent returned no opinion"));
        }
        return out;
    }

    /** Asks every agent, then applies {@code method}. */
    public ConsensusResult decide(Proposal proposal, ConsensusMethod method) {
        return Consensus.decide(proposal.key(), proposal.version(), opinions(proposal), method);
    }
}
