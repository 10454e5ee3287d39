package ai.lukhas.pwm.memory.colony;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A candidate memory the colony is asked about: write {@code value} as {@code version} of {@code
 * tenant}'s {@code key}. Agents that consult memory (novelty) look only at that tenant's entries.
 *
 * <pre>{@code
 * new Proposal(TenantId.of("acme"), "user.42.tone", mapper.readTree("{\"tone\":\"brief\"}"), 2);
 * }</pre>
 */
public record Proposal(TenantId tenant, String key, JsonNode value, long version) {
    public Proposal {
        Checks.nonNull("tenant, value", tenant, value);
        Checks.notBlank(key, "key");
        Checks.notNegative(version, "version");
        value = value.deepCopy();
    }

    @Override
    public JsonNode value() {
        return value.deepCopy();
    }
}
