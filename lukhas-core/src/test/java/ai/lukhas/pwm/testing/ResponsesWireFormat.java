package ai.lukhas.pwm.testing;

import ai.lukhas.pwm.provider.AssistantMessage;
import ai.lukhas.pwm.provider.ChatMessage;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.FunctionCall;
import ai.lukhas.pwm.provider.FunctionDefinition;
import ai.lukhas.pwm.provider.SystemMessage;
import ai.lukhas.pwm.provider.ToolMessage;
import ai.lukhas.pwm.provider.Usage;
import ai.lukhas.pwm.provider.UserMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The upstream side of the OpenAI Responses API, for test servers: a request body read back as a
 * {@link ChatRequest}, and an answer written as a {@code response} object or as the server-sent
 * events OpenAI streams ({@code event:} and {@code data:} lines, no {@code [DONE]}). Written from the
 * API reference, independently of the gateway's {@code ResponsesWire}, so a test server built on it checks the
 * provider rather than mirroring it.
 *
 * <pre>{@code
 * ChatRequest asked = ResponsesWireFormat.decode(body);
 * String sse = ResponsesWireFormat.events(answer, 9);
 * }</pre>
 */
public final class ResponsesWireFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponsesWireFormat() {}

    /** The request as a {@link ChatRequest}: system/user/assistant messages, function calls and outputs, tools. */
    public static ChatRequest decode(JsonNode body) {
        ChatRequest.Builder b = ChatRequest.builder(body.path("model").asText());
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode item : body.path("input")) {
            switch (item.path("type").asText("message")) {
                case "message" -> {
                    String content = item.path("content").asText();
                    switch (item.path("role").asText()) {
                        case "system", "developer" -> messages.add(new SystemMessage(content));
                        case "user" -> messages.add(new UserMessage(content));
                        case "assistant" -> messages.add(AssistantMessage.text(content));
                        default -> throw new IllegalArgumentException("unknown role in " + item);
                    }
                }
                case "function_call" -> {
                    FunctionCall c = new FunctionCall(
                            item.path("call_id").asText(),
                            item.path("name").asText(),
                            item.path("arguments").asText());
                    if (!messages.isEmpty() && messages.getLast() instanceof AssistantMessage a) {
                        List<FunctionCall> calls = new ArrayList<>(a.toolCalls());
                        calls.add(c);
                        messages.set(messages.size() - 1, new AssistantMessage(a.content(), calls));
                    } else {
                        messages.add(new AssistantMessage(Optional.empty(), List.of(c)));
                    }
                }
                case "function_call_output" ->
                    messages.add(new ToolMessage(
                            item.path("call_id").asText(), item.path("output").asText()));
                default -> throw new IllegalArgumentException("unknown input item " + item);
            }
        }
        b.messages(messages);
        List<FunctionDefinition> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            tools.add(new FunctionDefinition(
                    t.path("name").asText(), t.path("description").asText(""), (ObjectNode) t.path("parameters")));
        }
        b.tools(tools);
        if (body.path("max_output_tokens").isInt()) {
            b.maxOutputTokens(body.path("max_output_tokens").asInt());
        }
        return b.build();
    }

    /** A {@code response} object for the answer. */
    public static ObjectNode response(ChatResponse r) {
        ObjectNode root = JSON.createObjectNode()
                .put("id", r.id())
                .put("object", "response")
                .put("created_at", 1)
                .put("model", r.model());
        switch (r.finishReason()) {
            case LENGTH ->
                root.put("status", "incomplete").putObject("incomplete_details").put("reason", "max_output_tokens");
            case CONTENT_FILTER ->
                root.put("status", "incomplete").putObject("incomplete_details").put("reason", "content_filter");
            default -> root.put("status", "completed").putNull("incomplete_details");
        }
        ArrayNode output = root.putArray("output");
        r.message().content().filter(t -> !t.isEmpty()).ifPresent(t -> output.add(message(r.id(), t)));
        for (FunctionCall c : r.message().toolCalls()) {
            output.add(call(c));
        }
        r.usage().ifPresent(u -> root.set("usage", usage(u)));
        return root;
    }

    /** The answer as Responses server-sent events, its text in pieces of {@code chunk} characters. */
    public static String events(ChatResponse r, int chunk) {
        StringBuilder sse = new StringBuilder();
        int[] seq = {0};
        ObjectNode pending = response(r).put("status", "in_progress");
        pending.putArray("output");
        pending.remove("usage");
        event(sse, seq, "response.created", JSON.createObjectNode().set("response", pending));
        event(sse, seq, "response.in_progress", JSON.createObjectNode().set("response", pending));
        int index = 0;
        String text = r.message().content().orElse("");
        if (!text.isEmpty()) {
            String itemId = "msg_" + r.id();
            ObjectNode added = message(r.id(), "").put("status", "in_progress");
            ((ArrayNode) added.path("content")).removeAll();
            event(sse, seq, "response.output_item.added", at(index).set("item", added));
            for (int i = 0; i < text.length(); i += chunk) {
                event(
                        sse,
                        seq,
                        "response.output_text.delta",
                        at(index)
                                .put("item_id", itemId)
                                .put("content_index", 0)
                                .put("delta", text.substring(i, Math.min(text.length(), i + chunk))));
            }
            event(
                    sse,
                    seq,
                    "response.output_text.done",
                    at(index).put("item_id", itemId).put("content_index", 0).put("text", text));
            event(sse, seq, "response.output_item.done", at(index).set("item", message(r.id(), text)));
            index++;
        }
        for (FunctionCall c : r.message().toolCalls()) {
            ObjectNode added = call(c).put("status", "in_progress").put("arguments", "");
            event(sse, seq, "response.output_item.added", at(index).set("item", added));
            String args = c.arguments();
            for (int i = 0; i < args.length(); i += chunk) {
                event(
                        sse,
                        seq,
                        "response.function_call_arguments.delta",
                        at(index)
                                .put("item_id", "fc_" + c.id())
                                .put("delta", args.substring(i, Math.min(args.length(), i + chunk))));
            }
            event(
                    sse,
                    seq,
                    "response.function_call_arguments.done",
                    at(index).put("item_id", "fc_" + c.id()).put("arguments", args));
            event(sse, seq, "response.output_item.done", at(index).set("item", call(c)));
            index++;
        }
        ObjectNode done = response(r);
        event(
                sse,
                seq,
                done.path("status").asText().equals("completed") ? "response.completed" : "response.incomplete",
                JSON.createObjectNode().set("response", done));
        return sse.toString();
    }

    private static ObjectNode at(int index) {
        return JSON.createObjectNode().put("output_index", index);
    }

    private static void event(StringBuilder sse, int[] seq, String type, ObjectNode payload) {
        ObjectNode e = JSON.createObjectNode().put("type", type).put("sequence_number", seq[0]++);
        e.setAll(payload);
        sse.append("event: ")
                .append(type)
                .append('\n')
                .append("data: ")
                .append(e)
                .append("\n\n");
    }

    private static ObjectNode message(String responseId, String text) {
        ObjectNode m = JSON.createObjectNode()
                .put("id", "msg_" + responseId)
                .put("type", "message")
                .put("status", "completed")
                .put("role", "assistant");
        m.putArray("content")
                .addObject()
                .put("type", "output_text")
                .put("text", text)
                .putArray("annotations");
        return m;
    }

    private static ObjectNode call(FunctionCall c) {
        return JSON.createObjectNode()
                .put("id", "fc_" + c.id())
                .put("type", "function_call")
                .put("status", "completed")
                .put("call_id", c.id())
                .put("name", c.name())
                .put("arguments", c.arguments());
    }

    private static ObjectNode usage(Usage u) {
        ObjectNode n = JSON.createObjectNode().put("input_tokens", u.promptTokens());
        n.putObject("input_tokens_details").put("cached_tokens", 0);
        n.put("output_tokens", u.completionTokens());
        n.putObject("output_tokens_details").put("reasoning_tokens", 0);
        n.put("total_tokens", u.totalTokens());
        return n;
    }
}
