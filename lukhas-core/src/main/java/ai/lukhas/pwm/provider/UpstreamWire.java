package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;

/**
 * One OpenAI wire an upstream speaks, for {@link OpenAiCompatibleProvider}: where a completion is
 * sent, the request body for a (governed) {@link ChatRequest}, and how an answer or a stream of
 * server-sent events becomes a {@link ChatResponse} or {@link ChatDelta}s. The HTTP client, retries,
 * error mapping and SSE reading are the provider's and shared by every wire.
 */
sealed interface UpstreamWire permits OpenAiWire, ResponsesWire {
    /** The completion endpoint with the configured query parameters. */
    URI endpoint();

    /**
     * The request body.
     *
     * @throws BadRequestException when the request sets a field this wire cannot carry (never dropped)
     */
    ObjectNode requestBody(ChatRequest request, boolean stream);

    /** A plain (non-streamed) answer. */
    ChatResponse response(JsonNode root, ChatRequest request);

    /** A fresh decoder for one stream's events. */
    StreamDecoder decoder(ChatRequest request);

    /** Turns the {@code data} of each server-sent event of one stream into deltas. Not thread-safe. */
    interface StreamDecoder {
        /**
         * The deltas of one event (none for events that carry nothing for the client).
         *
         * @throws ProviderException for an error event or an unreadable one
         */
        List<ChatDelta> decode(JsonNode event);

        /** Whether a {@link ChatDelta.Finished} was produced (a stream ending before it was cut off). */
        boolean finished();

        /** Whether the stream has said all it will: the connection can be closed now. */
        boolean ended();
    }
}
