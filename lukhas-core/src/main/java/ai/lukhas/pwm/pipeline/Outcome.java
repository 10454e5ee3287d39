package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.WireName;

/**
 * How a governed request ended; its {@link #wireName()} is the audit bundle's {@code outcome}.
 *
 * <pre>{@code Outcome.CONTENT_FILTERED.wireName(); // "content_filtered"}</pre>
 */
public enum Outcome implements WireName {
    /** The model answered and the answer passed moderation. */
    COMPLETED,
    /** The model asked for client-side tools; the checked calls are returned for the client to run. */
    CLIENT_TOOL_CALLS,
    /** Flagged input in strict mode: a polite refusal, the provider was not called. */
    REFUSED,
    /**
     * The model's text was flagged and withheld; only text released before the flag (a stream's
     * moderated prefix) is in the response; finish_reason content_filter.
     */
    CONTENT_FILTERED,
    /**
     * The model still asked for tools at its max_steps-th answer; those calls were not run; its
     * moderated text is the response; finish_reason stop.
     */
    MAX_STEPS,
    /**
     * The provider failed (after its retries) or its stream could not be read; only text released
     * before the failure is in the response.
     */
    PROVIDER_ERROR;
}
