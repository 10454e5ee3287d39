package ai.lukhas.pwm.memory.colony;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One agent's vote: the value it backs for the key, how sure it is, and why. A JSON {@code null} value
 * means "store nothing" (the agent rejects the proposal).
 *
 * <pre>{@code
 * new AgentOpinion("schema", value, 1.0, "object with the required fields");
 * AgentOpinion.reject("moderation", 0.9, "contains personal data (EMAIL) but is not marked _personal");
 * }</pre>
 *
 * @param confidence in [0, 1]
 */
public record AgentOpinion(String agentId, JsonNode value, double confidence, String rationale) {
    public AgentOpinion {
        Checks.nonNull("agentId, value, rationale", agentId, value, rationale);
        if (agentId.isBlank()) {
            throw new IllegalArgumentException("agent_id must not be blank");
        }
        if (value.isMissingNode()) {
            throw new IllegalArgumentException(
                    "value of agent '" + agentId + "' must be JSON (null rejects), but was missing");
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException(
                    "confidence of agent '" + agentId + "' must be in [0, 1], but was " + confidence);
        }
        value = value.deepCopy();
    }

    /** An opinion that nothing should be stored. */
    public static AgentOpinion reject(String agentId, double confidence, String rationale) {
        return new AgentOpinion(
                agentId, com.fasterxml.jackson.databind.node.NullNode.getInstance(), confidence, rationale);
    }

    @Override
    public JsonNode value() {
        return value.deepCopy();
    }

    /** True when this opinion rejects storing anything. */
    public boolean rejects() {
        return value.isNull();
    }
}
