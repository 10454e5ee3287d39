package ai.lukhas.pwm.pipeline;

import java.util.Locale;

/**
 * How a governed request ended; its {@link #wireName()} is the audit bundle's {@code outcome}.
 *
 * <pre>{@code Outcome.CONTENT_FILTERED.wireName(); // "content_filtered"}</pre>
 */
public enum Outcome {
    /** The model answered and the answer passed moderation. */
    COMPLETED,
    /** The model asked for client-side tools; the checked calls are returned for the client to run. */
    CLIENT_TOOL_CALLS,
    /** Flagged input in strict mode: a polite refusal, the provider was not called. */
    REFUSED,
    /** The final output (or a streamed chunk) was flagged and withheld; finish_reason content_filter. */
    CONTENT_FILTERED,
    /** The model still asked for tools after max_steps model calls; the loop stopped. */
    MAX_STEPS,
    /** The provider failed (after its retries); nothing from the model was released. */
    PROVIDER_ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
