package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import java.util.List;
import java.util.Objects;

/**
 * The authenticated caller of a request: its tenant, the key it used, and the tenant's tool ceiling
 * (the tools its requests can ever be offered; an empty ceiling offers none).
 *
 * <pre>{@code
 * new Caller("acme", "key_01", List.of("retrieval", "scheduler"));
 * }</pre>
 */
public record Caller(String tenant, String keyId, List<String> toolCeiling) {
    public Caller {
        Checks.notBlank(tenant, "tenant");
        Checks.notBlank(keyId, "keyId");
        toolCeiling = List.copyOf(Objects.requireNonNull(toolCeiling, "toolCeiling"));
    }
}
