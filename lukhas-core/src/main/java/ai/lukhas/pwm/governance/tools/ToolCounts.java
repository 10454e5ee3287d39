package ai.lukhas.pwm.governance.tools;

/**
 * Counters of one tool's calls since the gate was created (a metrics registry reads them later).
 *
 * <pre>{@code gate.counts().get("retrieve_knowledge").completed()}</pre>
 */
public record ToolCounts(
        long blockedTool,
        long invalidArguments,
        long completed,
        long truncated,
        long toolErrors,
        long timeouts,
        long crashes,
        long clientSide) {
    /** Every call the gate refused. */
    public long blocked() {
        return blockedTool + invalidArguments;
    }
}
