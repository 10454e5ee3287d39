package ai.lukhas.pwm.memory.colony;

import ai.lukhas.pwm.memory.dna.DnaValue;
import ai.lukhas.pwm.memory.dna.HelixEntry;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.SameValueJson;
import ai.lukhas.pwm.memory.dna.SearchHit;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rejects what the proposing tenant's memory already holds: the same value under the same key, or a
 * near-duplicate (word-set Jaccard similarity ≥ threshold) under another key among the top search hits
 * of that tenant (another tenant's memory never shapes the opinion, nor leaks through its rationale). Otherwise backs the
 * value with confidence 1 − similarity / 2, so the more familiar a value looks the less sure it is.
 */
final class NoveltyAgent implements ColonyAgent {
    static final String ID = "novelty";
    private static final int CANDIDATES = 5;

    private final HelixMemory helix;
    private final double threshold;

    NoveltyAgent(HelixMemory helix, double threshold) {
        this.helix = Objects.requireNonNull(helix, "helix");
        if (!(threshold > 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("nearDuplicateThreshold must be in (0, 1], but was " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public AgentOpinion assess(Proposal proposal) {
        JsonNode value = proposal.value();
        Optional<HelixEntry> current = helix.read(proposal.tenant(), proposal.key());
        if (current.isPresent()
                && current.get().value() instanceof DnaValue.Clear c
                && SameValueJson.of(c.json()).equals(SameValueJson.of(value))) {
            return AgentOpinion.reject(
                    ID, 0.9, "duplicate of the current version " + current.get().version() + " of this key");
        }
        Set<String> words = words(value);
        double best = 0.0;
        String bestKey = "";
        if (!words.isEmpty()) {
            for (SearchHit hit : helix.search(proposal.tenant(), String.join(" ", words), CANDIDATES)) {
                HelixEntry e = hit.entry();
                if (e.key().equals(proposal.key()) || !(e.value() instanceof DnaValue.Clear other)) {
                    continue;
                }
                double similarity = jaccard(words, words(other.json()));
                if (similarity > best) {
                    best = similarity;
                    bestKey = e.key();
                }
            }
        }
        if (best >= threshold) {
            return AgentOpinion.reject(
                    ID,
                    best,
                    String.format(
                            Locale.ROOT, "near-duplicate of '%s' (similarity %.2f >= %.2f)", bestKey, best, threshold));
        }
        return new AgentOpinion(
                ID,
                value,
                1.0 - best / 2.0,
                best == 0.0
                        ? "nothing similar in memory"
                        : String.format(Locale.ROOT, "closest is '%s' (similarity %.2f)", bestKey, best));
    }

    private static Set<String> words(JsonNode node) {
        Set<String> out = new HashSet<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getKey().equals("_personal")) {
                    collect(field.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collect(item, out);
            }
        } else if (node.isValueNode() && !node.isNull()) {
            for (String w : node.asText().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return 0.0;
        }
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return (double) both.size() / union.size();
    }
}
