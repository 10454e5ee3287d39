package ai.lukhas.pwm.governance.tools;

import ai.lukhas.pwm.store.TenantId;
import java.util.Objects;

/**
 * Per-request values an executor may need from the governed request. An executor that stores or
 * reads data (retrieval, scheduler) does so in {@code tenant}'s namespace only; the pipeline sets it
 * from the authenticated caller, never from anything the model or the client sends.
 *
 * <pre>{@code new ToolContext(TenantId.of("acme"), modulated.retrievalK()) // k used when the call gives none}</pre>
 *
 * @param tenant whose data the executor may read and write
 * @param retrievalK the modulated retrieval_k, used when a retrieval call gives no {@code k} (the
 *     retrieval tool caps it at 20, the schema's maximum)
 */
public record ToolContext(TenantId tenant, int retrievalK) {
    /** The retrieval_k used when a request supplies none. */
    public static final int DEFAULT_RETRIEVAL_K = 5;

    public ToolContext {
        Objects.requireNonNull(tenant, "tenant");
        if (retrievalK < 1) {
            throw new IllegalArgumentException("retrievalK must be >= 1, but was " + retrievalK);
        }
    }

    /** The context of a call made for {@code tenant} outside a modulated request: retrieval_k 5. */
    public static ToolContext of(TenantId tenant) {
        return new ToolContext(tenant, DEFAULT_RETRIEVAL_K);
    }
}
