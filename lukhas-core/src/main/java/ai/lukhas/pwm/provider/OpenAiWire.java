package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Translates between provider types and the OpenAI Chat Completions wire format. The parameter
 * mapping (docs/providers.md has the table) lives only here.
 */
final class OpenAiWire extends UpstreamWire {
    /** Every upstream call writes and reads with it on a request's short-lived virtual thread: a shared buffer pool. */
    static final ObjectMapper JSON = new ObjectMapper(
            JsonFactory.builder().recyclerPool(JsonBuffers.pool()).build());

    OpenAiWire(OpenAiCompatibleConfig config, ProviderErrors errors) {
        super(config, errors);
    }

    @Override
    public java.net.URI endpoint() {
        return config.chatCompletionsUri();
    }

    @Override
    public StreamDecoder decoder(ChatRequest request) {
        return new StreamDecoder() {
            private boolean started;
            private boolean finished;

            @Override
            public List<ChatDelta> decode(JsonNode event) {
                List<ChatDelta> out = chunk(event, request, started);
                for (ChatDelta d : out) {
                    started = true;
                    finished |= d instanceof ChatDelta.Finished;
                }
                return out;
            }

            @Override
            public boolean finished() {
                return finished;
            }

            @Override
            public boolean ended() {
                // a chat completions stream ends with data: [DONE] (the usage chunk comes after finish_reason)
                return false;
            }
        };
    }

    /** 0..1 → low [0, 1/3), medium [1/3, 2/3), high [2/3, 1]. */
    static String effortLevel(double effort) {
        if (effort < 1.0 / 3) {
            return "low";
        }
        return effort < 2.0 / 3 ? "medium" : "high";
    }

    @Override
    public ObjectNode requestBody(ChatRequest request, boolean stream) {
        boolean reasoning = config.reasoningModels().test(request.model());
        ObjectNode body = JSON.createObjectNode();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        request.preamble()
                .ifPresent(p -> messages.addObject().put("role", "system").put("content", p));
        for (ChatMessage m : request.messages()) {
            messages.add(OpenAiJson.message(m));
        }
        if (!reasoning) {
            // reasoning models reject sampling parameters other than their defaults
            request.temperature().ifPresent(t -> body.put("temperature", t));
            request.topP().ifPresent(p -> body.put("top_p", p));
        }
        request.maxOutputTokens().ifPresent(m -> {
            String field =
                    config.maxCompletionTokensModels().test(request.model()) ? "max_completion_tokens" : "max_tokens";
            body.put(field, m);
        });
        // a client that asked for a reasoning effort gets one (at least the modulated level) on any model
        if (reasoning || request.passThrough().containsKey("reasoning_effort")) {
            request.reasoningEffort().ifPresent(e -> body.put("reasoning_effort", effortLevel(e)));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (FunctionDefinition t : request.tools()) {
                function(tools.addObject().put("type", "function").putObject("function"), t);
            }
            switch (request.toolChoice()) {
                case ToolChoice.Mode mode -> body.put("tool_choice", mode.wireName());
                case ToolChoice.Function f ->
                    body.putObject("tool_choice")
                            .put("type", "function")
                            .putObject("function")
                            .put("name", f.name());
            }
        }
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stopSequences().forEach(stop::add);
        }
        request.passThrough().forEach((field, value) -> {
            // parallel_tool_calls is an error upstream without tools; a field the request sets wins
            if (!body.has(field)
                    && (!field.equals("parallel_tool_calls") || !request.tools().isEmpty())) {
                body.set(field, value.deepCopy());
            }
        });
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    @Override
    public ChatResponse response(JsonNode root, ChatRequest request) {
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject()) {
            throw errors.malformed("the response has no choices[0]: " + abbreviate(root), null);
        }
        JsonNode msg = choice.path("message");
        if (!msg.isObject()) {
            throw errors.malformed("choices[0] has no message: " + abbreviate(root), null);
        }
        Optional<String> content = msg.path("content").isTextual()
                ? Optional.of(msg.path("content").asText())
                : Optional.empty();
        List<FunctionCall> calls = new ArrayList<>();
        JsonNode toolCalls = msg.path("tool_calls");
        for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode c = toolCalls.get(i);
            String name = c.path("function").path("name").asText("");
            if (name.isBlank()) {
                throw errors.malformed("tool call " + i + " has no function name: " + abbreviate(c), null);
            }
            calls.add(new FunctionCall(textOr(c.path("id"), "call_" + i), name, arguments(c.path("function"))));
        }
        FinishReason finish = choice.path("finish_reason").isTextual()
                ? FinishReason.fromWire(choice.path("finish_reason").asText())
                : (calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS);
        return new ChatResponse(
                textOrElse(root.path("id"), () -> "chatcmpl-" + UUID.randomUUID()),
                textOr(root.path("model"), request.model()),
                new AssistantMessage(content, calls),
                finish,
                usage(root.path("usage")));
    }

    /** An embeddings answer: {@code data} with one embedding per input, in input order. */
    EmbeddingResponse embeddings(JsonNode root, EmbeddingRequest request) {
        JsonNode data = root.path("data");
        if (!data.isArray() || data.size() != request.input().size()) {
            throw errors.malformed(
                    "the embeddings response must have one data entry per input ("
                            + request.input().size() + "): " + abbreviate(root),
                    null);
        }
        for (JsonNode e : data) {
            JsonNode v = e.path("embedding");
            if (!(v.isArray() || v.isTextual())) {
                throw errors.malformed("an embeddings data entry has no embedding: " + abbreviate(e), null);
            }
        }
        return new EmbeddingResponse(
                textOr(root.path("model"), request.model()), (ArrayNode) data, usage(root.path("usage")));
    }

    /** The deltas of one stream chunk; {@code started} says whether {@link ChatDelta.Started} was sent. */
    List<ChatDelta> chunk(JsonNode root, ChatRequest request, boolean started) {
        if (root.has("error")) {
            throw errors.streamError(root.path("error"));
        }
        if (!started
                && root.path("id").asText("").isEmpty()
                && root.path("choices").isEmpty()
                && !root.path("usage").isObject()) {
            // Azure sends a prompt_filter_results chunk without id first; the stream starts with the next
            return List.of();
        }
        List<ChatDelta> out = new ArrayList<>(3);
        if (!started) {
            out.add(new ChatDelta.Started(
                    textOrElse(root.path("id"), () -> "chatcmpl-" + UUID.randomUUID()),
                    textOr(root.path("model"), request.model())));
        }
        JsonNode choice = root.path("choices").path(0);
        if (choice.isObject()) {
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isTextual()
                    && !delta.path("content").asText().isEmpty()) {
                out.add(new ChatDelta.Content(delta.path("content").asText()));
            }
            JsonNode calls = delta.path("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                JsonNode c = calls.get(i);
                JsonNode fn = c.path("function");
                out.add(new ChatDelta.ToolCallFragment(
                        c.path("index").isInt() ? c.path("index").asInt() : i,
                        optionalText(c.path("id")),
                        optionalText(fn.path("name")),
                        fn.has("arguments") && !fn.path("arguments").isNull() ? arguments(fn) : ""));
            }
            if (choice.path("finish_reason").isTextual()) {
                out.add(new ChatDelta.Finished(
                        FinishReason.fromWire(choice.path("finish_reason").asText())));
            }
        }
        usage(root.path("usage")).ifPresent(u -> out.add(new ChatDelta.UsageReport(u)));
        return out;
    }

    /** {@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens}. */
    static Optional<Usage> usage(JsonNode u) {
        return usage(u, "prompt_tokens", "completion_tokens");
    }

    /** Arguments are a JSON string on the wire; some servers send an object, kept as its JSON text. */
    static String arguments(JsonNode fn) {
        JsonNode a = fn.path("arguments");
        if (a.isTextual()) {
            return a.asText();
        }
        return a.isMissingNode() || a.isNull() ? "{}" : a.toString();
    }

    static Optional<String> optionalText(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }

    static String textOr(JsonNode n, String fallback) {
        return n.isTextual() && !n.asText().isBlank() ? n.asText() : fallback;
    }

    /**
     * {@link #textOr(JsonNode, String)} with a fallback made only when it is used: a random id costs a
     * {@code SecureRandom} draw (~1 us under load), and upstreams nearly always send their own.
     */
    static String textOrElse(JsonNode n, java.util.function.Supplier<String> fallback) {
        return n.isTextual() && !n.asText().isBlank() ? n.asText() : fallback.get();
    }

    static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
