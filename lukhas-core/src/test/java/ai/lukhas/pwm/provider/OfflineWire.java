package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.testing.ResponsesWireFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a {@link FakeUpstream} answer like the offline provider, in the OpenAI wire format: the
 * request JSON is decoded, answered by {@link LlmProvider#offline(int)}, and encoded back as a
 * chat completion or as SSE chunks. Lets the same contract run against the HTTP provider.
 */
public final class OfflineWire {
    private OfflineWire() {}

    public static FakeUpstream.Reply reply() {
        return new FakeUpstream.Computed(OfflineWire::answer);
    }

    /** The same answers in the Responses API wire ({@code POST /v1/responses}, plain or streamed events). */
    public static FakeUpstream.Reply responsesReply() {
        return new FakeUpstream.Computed(body -> {
            ChatRequest request = ResponsesWireFormat.decode(body);
            ChatResponse r = LlmProvider.offline(7).complete(request);
            return body.path("stream").asBoolean(false)
                    ? new FakeUpstream.RawSse(ResponsesWireFormat.events(r, 7))
                    : FakeUpstream.ok(ResponsesWireFormat.response(r).toString());
        });
    }

    private static FakeUpstream.Reply answer(JsonNode body) {
        ChatRequest request = decode(body);
        LlmProvider offline = LlmProvider.offline(7);
        if (body.path("stream").asBoolean(false)) {
            List<String> events = new ArrayList<>();
            String id = "";
            String model = "";
            try (ChatStream s = offline.stream(request)) {
                for (Optional<ChatDelta> d = s.next(); d.isPresent(); d = s.next()) {
                    ObjectNode chunk = FakeUpstream.JSON.createObjectNode();
                    switch (d.get()) {
                        case ChatDelta.Started st -> {
                            id = st.id();
                            model = st.model();
                            continue;
                        }
                        case ChatDelta.Content c ->
                            choice(chunk, id, model).putObject("delta").put("content", c.text());
                        case ChatDelta.ToolCallFragment t -> {
                            ObjectNode call = choice(chunk, id, model)
                                    .putObject("delta")
                                    .putArray("tool_calls")
                                    .addObject()
                                    .put("index", t.index());
                            t.id().ifPresent(v -> call.put("id", v).put("type", "function"));
                            ObjectNode fn = call.putObject("function");
                            t.name().ifPresent(v -> fn.put("name", v));
                            fn.put("arguments", t.argumentsFragment());
                        }
                        case ChatDelta.Finished f -> {
                            ObjectNode choice = choice(chunk, id, model);
                            choice.putObject("delta");
                            choice.put("finish_reason", f.reason().wireName());
                        }
                        case ChatDelta.UsageReport u -> {
                            chunk.put("id", id).put("model", model).putArray("choices");
                            usage(chunk, u.usage());
                        }
                    }
                    events.add(chunk.toString());
                }
            }
            return FakeUpstream.sse(events.toArray(String[]::new));
        }
        ChatResponse r = offline.complete(request);
        ObjectNode root = FakeUpstream.JSON.createObjectNode().put("id", r.id()).put("model", r.model());
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode msg = choice.putObject("message").put("role", "assistant");
        r.message().content().ifPresentOrElse(c -> msg.put("content", c), () -> msg.putNull("content"));
        if (r.message().hasToolCalls()) {
            ArrayNode calls = msg.putArray("tool_calls");
            r.message().toolCalls().forEach(c -> calls.addObject()
                    .put("id", c.id())
                    .put("type", "function")
                    .putObject("function")
                    .put("name", c.name())
                    .put("arguments", c.arguments()));
        }
        choice.put("finish_reason", r.finishReason().wireName());
        r.usage().ifPresent(u -> usage(root, u));
        return FakeUpstream.ok(root.toString());
    }

    private static ObjectNode choice(ObjectNode chunk, String id, String model) {
        chunk.put("id", id).put("model", model);
        return chunk.putArray("choices").addObject().put("index", 0);
    }

    private static void usage(ObjectNode node, Usage u) {
        node.putObject("usage")
                .put("prompt_tokens", u.promptTokens())
                .put("completion_tokens", u.completionTokens())
                .put("total_tokens", u.totalTokens());
    }

    /** The wire request as a {@link ChatRequest}; the offline answer does not depend on the preamble. */
    public static ChatRequest decode(JsonNode body) {
        ChatRequest.Builder b = ChatRequest.builder(body.path("model").asText());
        for (JsonNode m : body.path("messages")) {
            String content = m.path("content").isTextual() ? m.path("content").asText() : null;
            switch (m.path("role").asText()) {
                case "system" -> b.system(content);
                case "user" -> b.user(content);
                case "tool" -> b.message(new ToolMessage(m.path("tool_call_id").asText(), content));
                case "assistant" -> {
                    List<FunctionCall> calls = new ArrayList<>();
                    for (JsonNode c : m.path("tool_calls")) {
                        calls.add(new FunctionCall(
                                c.path("id").asText(),
                                c.path("function").path("name").asText(),
                                c.path("function").path("arguments").asText()));
                    }
                    b.message(new AssistantMessage(Optional.ofNullable(content), calls));
                }
                default -> throw new IllegalArgumentException("unknown role in " + m);
            }
        }
        List<FunctionDefinition> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            JsonNode fn = t.path("function");
            tools.add(new FunctionDefinition(
                    fn.path("name").asText(), fn.path("description").asText(""), (ObjectNode) fn.path("parameters")));
        }
        b.tools(tools);
        List<String> stop = new ArrayList<>();
        body.path("stop").forEach(s -> stop.add(s.asText()));
        b.stopSequences(stop);
        JsonNode max = body.has("max_completion_tokens") ? body.path("max_completion_tokens") : body.path("max_tokens");
        if (max.isInt()) {
            b.maxOutputTokens(max.asInt());
        }
        return b.build();
    }
}
