package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One OpenAI wire an upstream speaks, for {@link OpenAiCompatibleProvider}: where a completion is
 * sent, the request body for a (governed) {@link ChatRequest}, and how an answer or a stream of
 * server-sent events becomes a {@link ChatResponse} or {@link ChatDelta}s. The HTTP client, retries,
 * error mapping and SSE reading are the provider's and shared by every wire; the configuration and the
 * error mapping each wire reads are held here.
 */
abstract sealed class UpstreamWire permits OpenAiWire, ResponsesWire {
    final OpenAiCompatibleConfig config;
    final ProviderErrors errors;

    UpstreamWire(OpenAiCompatibleConfig config, ProviderErrors errors) {
        this.config = config;
        this.errors = errors;
    }

    /** The completion endpoint with the configured query parameters. */
    abstract URI endpoint();

    /**
     * The request body.
     *
     * @throws BadRequestException when the request sets a field this wire cannot carry (never dropped)
     */
    abstract ObjectNode requestBody(ChatRequest request, boolean stream);

    /** A plain (non-streamed) answer. */
    abstract ChatResponse response(JsonNode root, ChatRequest request);

    /** A fresh decoder for one stream's events. */
    abstract StreamDecoder decoder(ChatRequest request);

    /**
     * Puts a function tool's name, description (when it has one) and parameter schema into {@code
     * fn}. The schema is the definition's own node, not a copy: a request body is only serialized,
     * and nothing here changes it ({@code WireSchemaSharingTest}).
     */
    static void function(ObjectNode fn, FunctionDefinition tool) {
        fn.put("name", tool.name());
        if (!tool.description().isEmpty()) {
            fn.put("description", tool.description());
        }
        fn.set("parameters", tool.schema());
    }

    /**
     * The usage object of an answer or a final event, whatever the wire calls its input and output
     * counts: negative counts read as 0, a missing total as their sum; empty when there is no object.
     */
    static Optional<Usage> usage(JsonNode u, String inputField, String outputField) {
        if (!u.isObject()) {
            return Optional.empty();
        }
        int in = Math.max(0, u.path(inputField).asInt(0));
        int out = Math.max(0, u.path(outputField).asInt(0));
        int total = u.path("total_tokens").isNumber()
                ? Math.max(0, u.path("total_tokens").asInt())
                : in + out;
        return Optional.of(new Usage(in, out, total));
    }

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
