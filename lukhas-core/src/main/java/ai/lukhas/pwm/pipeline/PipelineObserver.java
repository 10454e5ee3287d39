package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.modulation.SafetyMode;
import java.time.Duration;
import java.util.Optional;

/**
 * Hears what the pipeline did, for metrics. Every method has a no-op default; the pipeline calls
 * them on the request's thread and logs and swallows anything they throw, so an observer can never
 * break a request. Label values passed in are bounded (tool names, status words, modes).
 *
 * <pre>{@code
 * GovernedPipeline.builder()...observer(new PipelineObserver() {
 *     public void tightened(String trigger, SafetyMode mode) { tightenings.increment(trigger); }
 * }).build();
 * }</pre>
 */
public interface PipelineObserver {
    /** The observer that does nothing (the default). */
    PipelineObserver NONE = new PipelineObserver() {};

    /**
     * One model call (a stream: from opening to its end). {@code errorType} is present when it failed:
     * {@code http_<status>}, {@code transport}, {@code rejected} or {@code malformed_stream}.
     */
    default void providerCall(Duration latency, Optional<String> errorType) {}

    /**
     * One tool call the gate handled: {@code status} is {@code completed}, a gate refusal
     * ({@code blocked_tool}, {@code invalid_arguments}), {@code client_side} or a failure kind
     * ({@code tool_error}, {@code timeout}, {@code crashed}); {@code mode} is the safety mode the call was judged in.
     */
    default void toolRun(String tool, String status, SafetyMode mode, Duration duration) {}

    /** The session was auto-tightened by {@code trigger}; {@code mode} is the mode it is in now. */
    default void tightened(String trigger, SafetyMode mode) {}

    /**
     * The model's output was flagged and the request ended content-filtered, after {@code
     * releasedChars} characters of it had reached the client (a stream; always 0 for a plain
     * request). The streaming release bound (docs/governance.md) says which of them can have been.
     */
    default void outputFiltered(int releasedChars) {}

    /**
     * Tool calls of one model message were refused without running because a limit was reached:
     * {@code limit} is {@code per_message} or {@code per_request}.
     */
    default void toolCallsRefused(String limit, int count) {}

    /** An embeddings request ended and its audit bundle is durable. */
    default void embeddingsEnded(GovernedEmbedding result) {}

    /** The request ended and its audit bundle is durable. */
    default void requestEnded(String sessionId, GovernedResult result) {}

    /** The request's audit bundle was appended (durable, under the log's durability mode) in {@code latency}. */
    default void auditAppended(Duration latency) {}
}
