package ai.lukhas.pwm.provider;

/**
 * Token counts reported for one completion.
 *
 * <pre>{@code
 * new Usage(12, 30, 42)
 * }</pre>
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("usage token counts must be >= 0, but were prompt=" + promptTokens
                    + ", completion=" + completionTokens + ", total=" + totalTokens);
        }
    }
}
