package ai.lukhas.pwm.memory.colony;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.memory.dna.SameValueJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a {@link ConsensusMethod} to a set of opinions (the rules are stated on {@link ConsensusMethod}).
 *
 * <pre>{@code
 * ConsensusResult r = Consensus.decide("user.42.tone", 3, opinions, new ConsensusMethod.Byzantine());
 * }</pre>
 */
public final class Consensus {
    private Consensus() {}

    /** A value and the opinions backing it, in first-seen order. */
    private record Bloc(JsonNode value, List<AgentOpinion> backers) {
        double meanConfidence() {
            return backers.stream()
                    .mapToDouble(AgentOpinion::confidence)
                    .average()
                    .orElse(0.0);
        }
    }

    /**
     * Decides {@code key} at {@code version} from {@code opinions} (one per agent).
     *
     * @throws IllegalArgumentException when two opinions come from the same agent, or version < 0
     */
    public static ConsensusResult decide(
            String key, long version, List<AgentOpinion> opinions, ConsensusMethod method) {
        Checks.notBlank(key, "key");
        Objects.requireNonNull(method, "method");
        Checks.notNegative(version, "version");
        Set<String> seen = new HashSet<>();
        for (AgentOpinion o : opinions) {
            if (!seen.add(o.agentId())) {
                throw new IllegalArgumentException("agent '" + o.agentId() + "' gave more than one opinion");
            }
        }
        List<AgentOpinion> counted = method instanceof ConsensusMethod.Byzantine
                ? opinions.stream()
                        .filter(o -> o.confidence() >= ConsensusMethod.Byzantine.MIN_CONFIDENCE)
                        .toList()
                : List.copyOf(opinions);
        int n = counted.size();
        if (n == 0) {
            String why = opinions.isEmpty()
                    ? "no opinions"
                    : "all " + opinions.size() + " opinions have confidence < "
                            + ConsensusMethod.Byzantine.MIN_CONFIDENCE;
            return new ConsensusResult.NoDecision(key, method, version, 0, why);
        }
        List<Bloc> blocs = blocs(counted);
        return switch (method) {
            case ConsensusMethod.Majority m ->
                byVotes(
                        key,
                        version,
                        method,
                        counted,
                        blocs,
                        (v, t) -> 2 * v > t,
                        "a strict majority (more than half)");
            case ConsensusMethod.Supermajority m ->
                byVotes(
                        key,
                        version,
                        method,
                        counted,
                        blocs,
                        (v, t) -> 3 * v >= 2 * t,
                        "a supermajority (at least two thirds)");
            case ConsensusMethod.Quorum q -> {
                if (n < q.minParticipants()) {
                    yield new ConsensusResult.NoDecision(
                            key,
                            method,
                            version,
                            n,
                            "quorum not met: " + n + " of " + q.minParticipants() + " required participants");
                }
                yield byVotes(
                        key,
                        version,
                        method,
                        counted,
                        blocs,
                        (v, t) -> (double) v / t >= q.threshold() - 1e-12,
                        "the quorum threshold " + q.threshold());
            }
            case ConsensusMethod.Byzantine b -> {
                int f = ConsensusMethod.Byzantine.faultTolerance(n);
                int ignored = opinions.size() - n;
                ConsensusResult r = byVotes(
                        key,
                        version,
                        method,
                        counted,
                        blocs,
                        (v, t) -> 2 * v > t + f,
                        "an honest majority with f=" + f + " faulty of n=" + n + " (needs 2v > n + f)");
                yield ignored == 0 || r instanceof ConsensusResult.Decided
                        ? r
                        : new ConsensusResult.NoDecision(
                                key,
                                method,
                                version,
                                n,
                                ((ConsensusResult.NoDecision) r).reason() + "; " + ignored
                                        + " opinion(s) ignored for confidence < "
                                        + ConsensusMethod.Byzantine.MIN_CONFIDENCE);
            }
            case ConsensusMethod.Weighted w -> weighted(key, version, w, counted, blocs);
        };
    }

    @FunctionalInterface
    private interface VoteRule {
        boolean holds(int votesFor, int votesTotal);
    }

    private static ConsensusResult byVotes(
            String key,
            long version,
            ConsensusMethod method,
            List<AgentOpinion> counted,
            List<Bloc> blocs,
            VoteRule rule,
            String needed) {
        int n = counted.size();
        Bloc lead = blocs.get(0);
        for (Bloc b : blocs) {
            if (b.backers().size() > lead.backers().size()) {
                lead = b;
            }
        }
        int v = lead.backers().size();
        Bloc leader = lead;
        boolean tied = blocs.stream()
                .filter(b -> b != leader)
                .anyMatch(b -> b.backers().size() == v);
        if (tied) {
            return new ConsensusResult.NoDecision(
                    key, method, version, n, "tie: two values each have " + v + " of " + n + " votes");
        }
        if (!rule.holds(v, n)) {
            return new ConsensusResult.NoDecision(
                    key, method, version, n, "the leading value has " + v + " of " + n + " votes, short of " + needed);
        }
        return decided(key, version, method, counted, lead, lead.meanConfidence(), n);
    }

    private static ConsensusResult weighted(
            String key, long version, ConsensusMethod.Weighted w, List<AgentOpinion> counted, List<Bloc> blocs) {
        Map<Bloc, Double> scores = new LinkedHashMap<>();
        double total = 0.0;
        for (Bloc b : blocs) {
            double s = b.backers().stream()
                    .mapToDouble(o -> w.weightOf(o.agentId()) * o.confidence())
                    .sum();
            scores.put(b, s);
            total += s;
        }
        if (!(total > 0.0)) {
            return new ConsensusResult.NoDecision(
                    key, w, version, counted.size(), "no positive weighted score (all weights × confidences are 0)");
        }
        Bloc lead = blocs.get(0);
        for (Bloc b : blocs) {
            if (scores.get(b) > scores.get(lead)) {
                lead = b;
            }
        }
        double best = scores.get(lead);
        Bloc leader = lead;
        if (blocs.stream().filter(b -> b != leader).anyMatch(b -> scores.get(b) == best)) {
            return new ConsensusResult.NoDecision(
                    key, w, version, counted.size(), "tie: two values each have weighted score " + best);
        }
        return decided(key, version, w, counted, lead, Math.min(1.0, best / total), counted.size());
    }

    private static ConsensusResult decided(
            String key,
            long version,
            ConsensusMethod method,
            List<AgentOpinion> counted,
            Bloc lead,
            double confidence,
            int n) {
        List<AgentOpinion> dissent = new ArrayList<>();
        for (AgentOpinion o : counted) {
            if (!lead.backers().contains(o)) {
                dissent.add(o);
            }
        }
        return new ConsensusResult.Decided(
                key, lead.value(), lead.backers().size(), n, confidence, method, version, dissent);
    }

    private static List<Bloc> blocs(List<AgentOpinion> counted) {
        Map<String, Bloc> byValue = new LinkedHashMap<>();
        for (AgentOpinion o : counted) {
            byValue.computeIfAbsent(SameValueJson.of(o.value()), c -> new Bloc(o.value(), new ArrayList<>()))
                    .backers()
                    .add(o);
        }
        return List.copyOf(byValue.values());
    }
}
