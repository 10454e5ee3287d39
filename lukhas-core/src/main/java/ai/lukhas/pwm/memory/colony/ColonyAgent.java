package ai.lukhas.pwm.memory.colony;

import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.pii.PiiScanner;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.Map;

/**
 * An agent of the colony: gives its opinion on a proposed memory. Implementations must be thread-safe.
 * Built-in rule agents are below; a model-backed agent (asking an LLM provider) belongs to the
 * pipeline, which is the layer that may use both memory and provider.
 *
 * <pre>{@code
 * Colony colony = Colony.of(List.of(
 *         ColonyAgent.schema(Map.of("tone", JsonNodeType.STRING), 4096),
 *         ColonyAgent.moderation(PiiScanner.standard()),
 *         ColonyAgent.novelty(helix, 0.9)));
 * }</pre>
 */
@FunctionalInterface
public interface ColonyAgent {
    /** This agent's opinion on {@code proposal}: back its value, back another, or reject (JSON null). */
    AgentOpinion assess(Proposal proposal);

    /**
     * Agent {@code schema}: the value must be a JSON object having each required field with the given
     * type, {@code _personal} (if present) must be a boolean, and its JSON must fit in {@code maxBytes}.
     */
    static ColonyAgent schema(Map<String, JsonNodeType> requiredFields, int maxBytes) {
        return new SchemaAgent(requiredFields, maxBytes);
    }

    /**
     * Agent {@code moderation}: rejects values containing secrets (always) or personal data (unless the
     * value is marked {@code "_personal": true}), as found by {@code scanner} in every string.
     */
    static ColonyAgent moderation(PiiScanner scanner) {
        return new ModerationAgent(scanner);
    }

    /**
     * Agent {@code novelty}: rejects a value equal to the key's current value in the proposing tenant's
     * memory in {@code helix}, or one
     * whose words overlap another key's current value by at least {@code nearDuplicateThreshold} (Jaccard).
     */
    static ColonyAgent novelty(HelixMemory helix, double nearDuplicateThreshold) {
        return new NoveltyAgent(helix, nearDuplicateThreshold);
    }
}
