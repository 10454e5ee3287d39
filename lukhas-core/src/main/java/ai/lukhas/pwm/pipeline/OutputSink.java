package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.FunctionCall;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.Usage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Where the {@link RequestDriver} sends what a governed request produces, and how it asks the model
 * for each step. The driver owns the stages, the moderation and the outcomes; a sink only decides
 * the shape: {@link CollectSink} asks for whole answers and hands nothing out before the end
 * ({@link GovernedPipeline#complete}), {@link StreamSink} streams each step and releases moderated
 * text as it goes ({@link GovernedPipeline#stream}). A new API shape that asks the model differently
 * is a new sink, not a new loop; the Responses API needs none (the server renders these two sinks'
 * output as Responses objects and events).
 *
 * <p>Calls arrive in this order: {@link #started} once, then {@link #content} (text that has
 * passed output moderation whole, or governance's own refusal), then, unless the provider failed,
 * {@link #clientToolCalls} (when the request ends with them) and {@link #finished} once.
 */
interface OutputSink {
    /** Opens one model step; may throw {@link ai.lukhas.pwm.provider.ProviderException}. */
    ModelStep open(LlmProvider provider, ChatRequest request);

    /** How much of the model's text may leave before its step ends. */
    ReleasePolicy releasePolicy();

    /** Adds what the audit bundle should say about this shape (under {@code request}). */
    void describe(ObjectNode request);

    /** Whether text reaches the client while the model still writes (a guard model is then asked asynchronously). */
    default boolean streams() {
        return false;
    }

    /** The answer's id and model are known (called once, before any content). */
    default void started(String id, String model) {}

    /** Moderated text (or governance's refusal) that may now reach the client. */
    default void content(String text) {}

    /** The request ends with these checked client-side calls for the client to run. */
    default void clientToolCalls(List<FunctionCall> calls) {}

    /** The request ended normally (not by a provider failure nor by the client closing it). */
    default void finished(FinishReason reason, Optional<Usage> usage) {}

    /** One model call in progress, read one event at a time. */
    interface ModelStep {
        /** The next event, blocking until it is there; after {@link StepEvent.Ended} it is not called again. */
        StepEvent next();

        /** Stops the model call (for a stream, closes the upstream connection). Idempotent. */
        void close();
    }

    /** What a model step reports. */
    sealed interface StepEvent {
        /** The model's answer has an id and names the model that answers. */
        record Started(String id, String model) implements StepEvent {}

        /** More of the model's text (not yet moderated). */
        record Text(String text) implements StepEvent {}

        /** The step is over; {@code response} is the model's whole answer for it. */
        record Ended(ChatResponse response) implements StepEvent {}

        /** The step cannot be read (a stream that could not be assembled); a provider failure. */
        record Malformed(String message) implements StepEvent {}
    }
}
