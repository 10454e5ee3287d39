package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.provider.ChatDelta;
import java.time.Duration;
import java.util.Optional;

/**
 * A governed, streamed completion, pulled one delta at a time. Every released {@code Content} delta
 * has already passed output moderation; a blocked stream ends with {@code Finished(CONTENT_FILTER)}.
 * Not thread-safe; always close it. Once {@link #next()} has returned empty, {@link #result()} holds
 * the result (its audit bundle is durable).
 *
 * <pre>{@code
 * try (GovernedStream s = pipeline.stream(request)) {
 *     for (Optional<ChatDelta> d = s.next(); d.isPresent(); d = s.next()) {
 *         send(d.get());
 *     }
 *     GovernedResult r = s.result().orElseThrow();
 * }
 * }</pre>
 *
 * <p>Deltas: {@code Started} first; then {@code Content}; client-side tool calls as whole
 * {@code ToolCallFragment}s; {@code Finished}; {@code UsageReport} (usage summed over the model
 * steps). A provider failure ends the stream without {@code Finished}; the result's outcome is
 * {@link Outcome#PROVIDER_ERROR}. Every end is the same as for {@link GovernedPipeline#complete}
 * (one driver runs both); a stream only releases moderated text earlier.
 */
public interface GovernedStream extends AutoCloseable {
    /** The request's audit id, known from the start (for the {@code x-lukhas-audit-id} header). */
    String auditId();

    /**
     * The safety mode in force, present once the first delta has been pulled (the input stage has
     * run by then), so a server can send the {@code x-lukhas-safety-mode} header before the body.
     */
    Optional<SafetyMode> safetyMode();

    /**
     * The parameters in force (after the client's tightening), present once the first delta has been
     * pulled, so a server can send them as headers before the body.
     */
    default Optional<ai.lukhas.pwm.modulation.ModulatedParams> params() {
        return Optional.empty();
    }

    /** The client's stop sequences dropped so far to make room for the policy's (see {@link GovernedResult#droppedStops()}). */
    default java.util.List<String> droppedStops() {
        return java.util.List.of();
    }

    /** The next governed delta, blocking until it is ready; empty once the stream has ended. */
    Optional<ChatDelta> next();

    /** The time spent waiting for the upstream so far (for the server's overhead figure). */
    default Duration upstreamTime() {
        return Duration.ZERO;
    }

    /** The result, present once the stream has ended (or was closed and audited). */
    Optional<GovernedResult> result();

    /**
     * Ends the stream. Closing before the end stops the upstream and audits the request as it
     * stands (outcome {@code completed} with the text released so far marked as cut short).
     */
    @Override
    void close();
}
