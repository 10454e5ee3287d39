package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Translates between provider types and the OpenAI Responses API ({@code POST {base}/responses}),
 * for an upstream configured with {@code upstream.api: responses}. The request is the governed
 * {@link ChatRequest}, so the upstream is offered only the tools, parameters and conversation the
 * pipeline decided; docs/providers.md has the field table.
 *
 * <ul>
 *   <li>The preamble and the conversation become input items (system/user/assistant messages,
 *       {@code function_call}, {@code function_call_output}), in order.
 *   <li>{@code max_output_tokens}, {@code reasoning.effort}, flat function tools, {@code tool_choice},
 *       {@code text.format} (from {@code response_format}), {@code text.verbosity}; {@code store} is
 *       {@code false} unless the client set it.
 *   <li>Stop sequences: the Responses API has none, so they are applied here ({@link StopCutter}):
 *       the text ends before the first one, nothing after it reaches the pipeline.
 *   <li>Chat fields the Responses API cannot carry ({@link #UNSUPPORTED}) are refused, never dropped.
 *   <li>Answers: output text and refusals become content, {@code function_call} items tool calls;
 *       {@code incomplete} for {@code max_output_tokens} is finish reason {@code length}, for
 *       {@code content_filter} {@code content_filter}; {@code failed} is an upstream error.
 * </ul>
 */
final class ResponsesWire extends UpstreamWire {
    /** Chat pass-through fields with no Responses API counterpart: a request setting one is refused. */
    static final Set<String> UNSUPPORTED =
            Set.of("seed", "presence_penalty", "frequency_penalty", "logit_bias", "prediction");

    /** Pass-through fields sent under the same name. */
    private static final List<String> SAME_NAME =
            List.of("metadata", "user", "service_tier", "prompt_cache_key", "safety_identifier");

    ResponsesWire(OpenAiCompatibleConfig config, ProviderErrors errors) {
        super(config, errors);
    }

    @Override
    public URI endpoint() {
        return config.responsesUri();
    }

    @Override
    public ObjectNode requestBody(ChatRequest request, boolean stream) {
        for (String f : request.passThrough().keySet()) {
            if (UNSUPPORTED.contains(f)) {
                throw errors.cannotSend("'" + f + "' cannot be sent to an upstream that speaks the Responses API"
                        + " (upstream.api: responses), which has no such field");
            }
        }
        JsonNode modalities = request.passThrough().get("modalities");
        if (modalities != null
                && !(modalities.isArray()
                        && modalities.size() == 1
                        && "text".equals(modalities.get(0).asText("")))) {
            throw errors.cannotSend("only [\"text\"] modalities can be sent to a Responses API upstream");
        }
        boolean reasoning = config.reasoningModels().test(request.model());
        ObjectNode body = OpenAiWire.JSON.createObjectNode();
        body.put("model", request.model());
        ArrayNode input = body.putArray("input");
        request.preamble().ifPresent(p -> message(input, "system", p));
        for (ChatMessage m : request.messages()) {
            switch (m) {
                case SystemMessage s -> message(input, "system", s.content());
                case UserMessage u -> message(input, "user", u.content());
                case AssistantMessage a -> {
                    a.content().filter(c -> !c.isEmpty()).ifPresent(c -> message(input, "assistant", c));
                    for (FunctionCall c : a.toolCalls()) {
                        input.addObject()
                                .put("type", "function_call")
                                .put("call_id", c.id())
                                .put("name", c.name())
                                .put("arguments", c.arguments());
                    }
                }
                case ToolMessage t ->
                    input.addObject()
                            .put("type", "function_call_output")
                            .put("call_id", t.toolCallId())
                            .put("output", t.content());
            }
        }
        if (!reasoning) {
            // reasoning models reject sampling parameters other than their defaults
            request.temperature().ifPresent(t -> body.put("temperature", t));
            request.topP().ifPresent(p -> body.put("top_p", p));
        }
        request.maxOutputTokens().ifPresent(m -> body.put("max_output_tokens", m));
        // the same rule as chat completions: reasoning models, or a client that asked for an effort
        if (reasoning || request.passThrough().containsKey("reasoning_effort")) {
            request.reasoningEffort()
                    .ifPresent(e -> body.putObject("reasoning").put("effort", OpenAiWire.effortLevel(e)));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (FunctionDefinition t : request.tools()) {
                function(tools.addObject().put("type", "function"), t);
            }
            switch (request.toolChoice()) {
                case ToolChoice.Mode mode -> body.put("tool_choice", mode.wireName());
                case ToolChoice.Function f ->
                    body.putObject("tool_choice").put("type", "function").put("name", f.name());
            }
            Optional.ofNullable(request.passThrough().get("parallel_tool_calls"))
                    .ifPresent(v -> body.set("parallel_tool_calls", v.deepCopy()));
        }
        JsonNode format = request.passThrough().get("response_format");
        JsonNode verbosity = request.passThrough().get("verbosity");
        if (format != null || verbosity != null) {
            ObjectNode text = body.putObject("text");
            if (format != null) {
                text.set("format", textFormat(format));
            }
            if (verbosity != null) {
                text.set("verbosity", verbosity.deepCopy());
            }
        }
        for (String f : SAME_NAME) {
            JsonNode v = request.passThrough().get(f);
            if (v != null) {
                body.set(f, v.deepCopy());
            }
        }
        // the Responses API stores by default; chat completions (and so the gateway's default) does not
        JsonNode store = request.passThrough().get("store");
        body.set(
                "store",
                store != null
                        ? store.deepCopy()
                        : OpenAiWire.JSON.getNodeFactory().booleanNode(false));
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    private static void message(ArrayNode input, String role, String content) {
        input.addObject().put("type", "message").put("role", role).put("content", content);
    }

    /** Chat's {@code response_format} as {@code text.format}: the json_schema fields move up one level. */
    private static ObjectNode textFormat(JsonNode responseFormat) {
        String type = responseFormat.path("type").asText("text");
        ObjectNode f = OpenAiWire.JSON.createObjectNode().put("type", type);
        if (type.equals("json_schema")) {
            JsonNode js = responseFormat.path("json_schema");
            for (String k : List.of("name", "description", "schema", "strict")) {
                if (js.has(k)) {
                    f.set(k, js.get(k).deepCopy());
                }
            }
        }
        return f;
    }

    @Override
    public ChatResponse response(JsonNode root, ChatRequest request) {
        JsonNode output = root.path("output");
        if (!output.isArray()) {
            throw errors.malformed("the response has no output array: " + OpenAiWire.abbreviate(root), null);
        }
        if (root.path("status").asText("").equals("failed")) {
            throw errors.failedResponse(root.path("error"));
        }
        StopCutter cutter = new StopCutter(request.stopSequences());
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        List<FunctionCall> calls = new ArrayList<>();
        for (JsonNode item : output) {
            switch (item.path("type").asText("")) {
                case "message" -> {
                    for (JsonNode part : item.path("content")) {
                        Optional<String> t = partText(part);
                        if (t.isPresent()) {
                            sawText = true;
                            text.append(cutter.feed(t.get()));
                        }
                    }
                    text.append(cutter.flush());
                }
                case "function_call" -> calls.add(call(item, calls.size()));
                default -> {
                    // reasoning summaries and other items carry nothing for the client
                }
            }
            if (cutter.stopped()) {
                // generation ends at a stop sequence: nothing the model produced after it is kept
                break;
            }
        }
        FinishReason finish = cutter.stopped() ? FinishReason.STOP : finish(root, !calls.isEmpty());
        Optional<String> content = sawText || calls.isEmpty() ? Optional.of(text.toString()) : Optional.empty();
        return new ChatResponse(
                OpenAiWire.textOrElse(root.path("id"), () -> "resp-" + UUID.randomUUID()),
                OpenAiWire.textOr(root.path("model"), request.model()),
                new AssistantMessage(content, calls),
                finish,
                usage(root.path("usage")));
    }

    /** An output text part's text, or a refusal's (both are model output the client would see). */
    private static Optional<String> partText(JsonNode part) {
        return switch (part.path("type").asText("")) {
            case "output_text" -> OpenAiWire.optionalText(part.path("text"));
            case "refusal" -> OpenAiWire.optionalText(part.path("refusal"));
            default -> Optional.empty();
        };
    }

    private FunctionCall call(JsonNode item, int index) {
        String name = item.path("name").asText("");
        if (name.isBlank()) {
            throw errors.malformed("function call " + index + " has no name: " + OpenAiWire.abbreviate(item), null);
        }
        String id = OpenAiWire.textOr(item.path("call_id"), OpenAiWire.textOr(item.path("id"), "call_" + index));
        return new FunctionCall(id, name, OpenAiWire.arguments(item));
    }

    /** Why a finished response object stopped. */
    private static FinishReason finish(JsonNode response, boolean calls) {
        if (response.path("status").asText("").equals("incomplete")) {
            return switch (response.path("incomplete_details").path("reason").asText("")) {
                case "content_filter" -> FinishReason.CONTENT_FILTER;
                default -> FinishReason.LENGTH;
            };
        }
        return calls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }

    /** {@code input_tokens}, {@code output_tokens}, {@code total_tokens}. */
    private static Optional<Usage> usage(JsonNode u) {
        return usage(u, "input_tokens", "output_tokens");
    }

    @Override
    public StreamDecoder decoder(ChatRequest request) {
        return new Decoder(request);
    }

    /**
     * The Responses stream events: {@code response.created} starts it, {@code response.output_text.delta}
     * (and {@code response.refusal.delta}) are content, a {@code function_call} item's
     * {@code output_item.added}, {@code function_call_arguments.delta} and {@code output_item.done}
     * are tool call fragments, {@code response.completed} / {@code response.incomplete} finish it with
     * the usage; {@code error} and {@code response.failed} are upstream errors.
     */
    private final class Decoder implements StreamDecoder {
        private final ChatRequest request;
        private final StopCutter cutter;
        /** The tool call index of each function_call output item, and the arguments sent for it so far. */
        private final Map<Integer, Integer> callIndex = new HashMap<>();

        private final Map<Integer, StringBuilder> sentArguments = new HashMap<>();
        private boolean started;
        private boolean finished;
        private boolean ended;

        Decoder(ChatRequest request) {
            this.request = request;
            this.cutter = new StopCutter(request.stopSequences());
        }

        @Override
        public List<ChatDelta> decode(JsonNode event) {
            String type = event.path("type").asText("");
            if (type.equals("error")) {
                throw errors.streamError(event.has("error") ? event.path("error") : event);
            }
            if (type.equals("response.failed")) {
                throw errors.streamError(event.path("response").path("error"));
            }
            if (ended || !type.startsWith("response.")) {
                return List.of();
            }
            List<ChatDelta> out = new ArrayList<>(3);
            if (!started) {
                JsonNode r = event.path("response");
                out.add(new ChatDelta.Started(
                        OpenAiWire.textOrElse(r.path("id"), () -> "resp-" + UUID.randomUUID()),
                        OpenAiWire.textOr(r.path("model"), request.model())));
                started = true;
            }
            switch (type) {
                case "response.output_text.delta", "response.refusal.delta" ->
                    content(event.path("delta").asText(""), out);
                case "response.output_text.done", "response.refusal.done" -> release(cutter.flush(), out);
                case "response.output_item.added" -> {
                    JsonNode item = event.path("item");
                    if (item.path("type").asText("").equals("function_call")) {
                        release(cutter.flush(), out);
                        int index = callIndex.size();
                        callIndex.put(event.path("output_index").asInt(index), index);
                        FunctionCall c = call(item, index);
                        String args = item.path("arguments").isTextual()
                                ? item.path("arguments").asText()
                                : "";
                        sentArguments.put(index, new StringBuilder(args));
                        out.add(new ChatDelta.ToolCallFragment(
                                index, Optional.of(c.id()), Optional.of(c.name()), args));
                    }
                }
                case "response.function_call_arguments.delta" -> {
                    Integer index = callIndex.get(event.path("output_index").asInt(-1));
                    if (index == null) {
                        throw errors.malformed(
                                "arguments for a function call that was never added: " + OpenAiWire.abbreviate(event),
                                null);
                    }
                    String delta = event.path("delta").asText("");
                    sentArguments.get(index).append(delta);
                    out.add(new ChatDelta.ToolCallFragment(index, Optional.empty(), Optional.empty(), delta));
                }
                case "response.output_item.done" -> itemDone(event, out);
                case "response.completed", "response.incomplete" -> {
                    release(cutter.flush(), out);
                    JsonNode r = event.path("response");
                    out.add(new ChatDelta.Finished(finish(r, !callIndex.isEmpty())));
                    usage(r.path("usage")).ifPresent(u -> out.add(new ChatDelta.UsageReport(u)));
                    finished = true;
                    ended = true;
                }
                default -> {
                    // created, in_progress, content_part.*, reasoning events: nothing for the client
                }
            }
            return out;
        }

        /** A finished item: a function call's arguments not yet sent as deltas are sent now. */
        private void itemDone(JsonNode event, List<ChatDelta> out) {
            JsonNode item = event.path("item");
            if (!item.path("type").asText("").equals("function_call")) {
                if (item.path("type").asText("").equals("message")) {
                    release(cutter.flush(), out);
                }
                return;
            }
            String args = OpenAiWire.arguments(item);
            Integer index = callIndex.get(event.path("output_index").asInt(-1));
            if (index == null) {
                index = callIndex.size();
                callIndex.put(event.path("output_index").asInt(index), index);
                FunctionCall c = call(item, index);
                sentArguments.put(index, new StringBuilder(args));
                out.add(new ChatDelta.ToolCallFragment(index, Optional.of(c.id()), Optional.of(c.name()), args));
                return;
            }
            String sent = sentArguments.get(index).toString();
            if (args.startsWith(sent) && args.length() > sent.length()) {
                out.add(new ChatDelta.ToolCallFragment(
                        index, Optional.empty(), Optional.empty(), args.substring(sent.length())));
                sentArguments.get(index).append(args.substring(sent.length()));
            }
        }

        private void content(String text, List<ChatDelta> out) {
            release(cutter.feed(text), out);
            if (cutter.stopped()) {
                // a stop sequence: the answer ends here, whatever the upstream sends after it
                out.add(new ChatDelta.Finished(FinishReason.STOP));
                finished = true;
                ended = true;
            }
        }

        private static void release(String text, List<ChatDelta> out) {
            if (!text.isEmpty()) {
                out.add(new ChatDelta.Content(text));
            }
        }

        @Override
        public boolean finished() {
            return finished;
        }

        @Override
        public boolean ended() {
            return ended;
        }
    }
}
