package ai.lukhas.pwm.memory.colony;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.memory.dna.SameValueJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fixed set of agents asked, in order, for their opinion on each proposal; the opinions are then
 * decided by a {@link ConsensusMethod}.
 *
 * <p>An expensive agent (one that calls a model) can be added with {@link #thenAsk(String,
 * ColonyAgent)}: it is asked after the others, and only when its opinion could still make the colony
 * store a value. Such an agent may only back the proposed value or reject. Before asking it,
 * {@link #decide} tries the method on the opinions gathered so far plus each extreme opinion the
 * agent could give — back the proposed value or reject, each with confidence 0 and with confidence 1
 * (for several such agents, every combination). If none of these decisions stores a value, no opinion
 * of the agent can: under majority, quorum and supermajority only the vote counts, and backing the
 * value is never worse for it than rejecting; under byzantine only whether the confidence is below
 * 0.2 matters; under weighted the value's score only grows with the agent's confidence when it backs
 * it, and any other value's chance is best when the agent's confidence is 0. The agent is then not
 * asked; its opinion is recorded as a rejection with confidence 0 whose rationale starts with
 * {@code "not consulted:"} (byzantine ignores it, the other methods count it, as they count an
 * abstaining model). The decision it yields is always one that stores nothing.
 *
 * <p>When a value could still be stored the agent is always asked: its vote and confidence change
 * the decision's strength, so skipping it then would change what is written.
 *
 * <pre>{@code
 * Colony colony = Colony.of(List.of(ColonyAgent.schema(Map.of(), 4096), ColonyAgent.moderation(PiiScanner.standard())))
 *         .thenAsk("model", modelAgent);
 * ConsensusResult r = colony.decide(new Proposal(tenant, "user.42.tone", value, 2), new ConsensusMethod.Majority());
 * }</pre>
 */
public final class Colony {
    /** The most agents {@link #thenAsk} accepts (their extreme opinions are tried in every combination). */
    public static final int MAX_DEFERRED_AGENTS = 4;

    /** The rationale prefix of the opinion recorded for a deferred agent that was not asked. */
    public static final String NOT_CONSULTED = "not consulted:";

    private record Deferred(String id, ColonyAgent agent) {}

    private final List<ColonyAgent> agents;
    private final List<Deferred> deferred;

    private Colony(List<ColonyAgent> agents, List<Deferred> deferred) {
        this.agents = agents;
        this.deferred = deferred;
    }

    /** A colony of {@code agents} (at least one). */
    public static Colony of(List<ColonyAgent> agents) {
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("a colony needs at least one agent, but was given none");
        }
        agents.forEach(a -> Objects.requireNonNull(a, "agent"));
        return new Colony(List.copyOf(agents), List.of());
    }

    /**
     * This colony plus {@code agent}, whose opinions carry {@code agentId}, asked after every other
     * agent and only when its opinion could still make the colony store a value (see the class
     * comment). The agent must back the proposed value or reject; anything else is a bug of the
     * agent and {@link #decide} throws {@link IllegalStateException}.
     */
    public Colony thenAsk(String agentId, ColonyAgent agent) {
        Checks.nonNull("agentId, agent", agentId, agent);
        if (agentId.isBlank()) {
            throw new IllegalArgumentException("agentId must not be blank");
        }
        if (deferred.size() >= MAX_DEFERRED_AGENTS) {
            throw new IllegalArgumentException(
                    "a colony takes at most " + MAX_DEFERRED_AGENTS + " agents asked last, but was given more");
        }
        if (deferred.stream().anyMatch(d -> d.id().equals(agentId))) {
            throw new IllegalArgumentException("agent '" + agentId + "' is already asked last");
        }
        List<Deferred> more = new ArrayList<>(deferred);
        more.add(new Deferred(agentId, agent));
        return new Colony(agents, List.copyOf(more));
    }

    /** Every agent's opinion on {@code proposal}, in agent order, agents added by {@link #thenAsk} last. */
    public List<AgentOpinion> opinions(Proposal proposal) {
        Objects.requireNonNull(proposal, "proposal");
        List<AgentOpinion> out = new ArrayList<>(agents.size() + deferred.size());
        for (ColonyAgent agent : agents) {
            out.add(Objects.requireNonNull(agent.assess(proposal), "agent returned no opinion"));
        }
        for (Deferred d : deferred) {
            out.add(ask(d, proposal));
        }
        return out;
    }

    /**
     * Asks the agents, then applies {@code method}. Agents added by {@link #thenAsk} are asked only
     * while their opinions could still make the colony store a value.
     */
    public ConsensusResult decide(Proposal proposal, ConsensusMethod method) {
        Checks.nonNull("proposal, method", proposal, method);
        List<AgentOpinion> gathered = new ArrayList<>(agents.size() + deferred.size());
        for (ColonyAgent agent : agents) {
            gathered.add(Objects.requireNonNull(agent.assess(proposal), "agent returned no opinion"));
        }
        for (int i = 0; i < deferred.size(); i++) {
            List<Deferred> rest = deferred.subList(i, deferred.size());
            if (settledAgainstStoring(
                    proposal, method, gathered, rest.stream().map(Deferred::id).toList())) {
                for (Deferred d : rest) {
                    gathered.add(AgentOpinion.reject(
                            d.id(),
                            0.0,
                            NOT_CONSULTED
                                    + " the other opinions settle that nothing is stored, whatever this agent says"));
                }
                return Consensus.decide(proposal.key(), proposal.version(), gathered, method);
            }
            gathered.add(ask(deferred.get(i), proposal));
        }
        return Consensus.decide(proposal.key(), proposal.version(), gathered, method);
    }

    private static AgentOpinion ask(Deferred d, Proposal proposal) {
        AgentOpinion o = Objects.requireNonNull(d.agent().assess(proposal), "agent returned no opinion");
        if (!o.agentId().equals(d.id())) {
            throw new IllegalStateException("agent added as '" + d.id() + "' gave an opinion as '" + o.agentId() + "'");
        }
        if (!o.rejects() && !SameValueJson.of(o.value()).equals(SameValueJson.of(proposal.value()))) {
            throw new IllegalStateException("agent '" + d.id()
                    + "' is asked last, so it must back the proposed value or reject, but backed another value");
        }
        return o;
    }

    /**
     * True when no opinions the agents {@code ids} could give (each backing the proposed value or
     * rejecting) make {@code method} store a value, given {@code gathered}: every combination of their
     * extreme opinions decides to store nothing.
     */
    static boolean settledAgainstStoring(
            Proposal proposal, ConsensusMethod method, List<AgentOpinion> gathered, List<String> ids) {
        int k = ids.size();
        JsonNode value = proposal.value();
        int combinations = 1 << (2 * k);
        for (int c = 0; c < combinations; c++) {
            List<AgentOpinion> trial = new ArrayList<>(gathered.size() + k);
            trial.addAll(gathered);
            for (int j = 0; j < k; j++) {
                int pick = (c >> (2 * j)) & 3;
                double confidence = (pick & 1) == 0 ? 0.0 : 1.0;
                trial.add(
                        (pick & 2) == 0
                                ? new AgentOpinion(ids.get(j), value, confidence, "hypothetical")
                                : AgentOpinion.reject(ids.get(j), confidence, "hypothetical"));
            }
            if (Consensus.decide(proposal.key(), proposal.version(), trial, method) instanceof ConsensusResult.Decided d
                    && !d.rejectsStoring()) {
                return false;
            }
        }
        return true;
    }
}
