package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.store.TenantId;
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
        TenantId.of(tenant);
        Checks.notBlank(keyId, "keyId");
        toolCeiling = List.copyOf(Objects.requireNonNull(toolCeiling, "toolCeiling"));
    }

    /** The tenant whose memory, notes, tasks and feedback this request may read and write. */
    public TenantId tenantId() {
        return TenantId.of(tenant);
    }
}
