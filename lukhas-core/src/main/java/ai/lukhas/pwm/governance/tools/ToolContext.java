package ai.lukhas.pwm.governance.tools;

/**
 * Per-request values an executor may need from the governed request.
 *
 * <pre>{@code new ToolContext(modulated.retrievalK()) // k used when the model's call gives none}</pre>
 *
 * @param retrievalK the modulated retrieval_k, used when a retrieval call gives no {@code k} (the
 *     retrieval tool caps it at 20, the schema's maximum)
 */
public record ToolContext(int retrievalK) {
    /** The context used when a request supplies none: retrieval_k 5. */
    public static final ToolContext DEFAULT = new ToolContext(5);

    public ToolContext {
        if (retrievalK < 1) {
            throw new IllegalArgumentException("retrievalK must be >= 1, but was " + retrievalK);
        }
    }
}
