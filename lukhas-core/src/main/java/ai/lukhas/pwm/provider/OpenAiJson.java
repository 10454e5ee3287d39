package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The OpenAI Chat Completions JSON shapes in both directions, in one place: what the gateway sends
 * upstream and what it answers its own clients (messages, tools, completions and stream chunks), and
 * the strict parsing of what clients send. Parsing errors are {@link WireFormatException}s naming
 * the JSON path.
 *
 * <pre>{@code
 * List<ChatMessage> msgs = OpenAiJson.parseMessages(body.path("messages"));
 * ObjectNode answer = OpenAiJson.completion(response, Instant.now().getEpochSecond());
 * }</pre>
 */
public final class OpenAiJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiJson() {}

    /** One message as the wire has it. */
    public static ObjectNode message(ChatMessage m) {
        ObjectNode node = JSON.createObjectNode().put("role", m.role());
        switch (m) {
            case SystemMessage s -> node.put("content", s.content());
            case UserMessage u -> node.put("content", u.content());
            case ToolMessage t -> node.put("tool_call_id", t.toolCallId()).put("content", t.content());
            case AssistantMessage a -> {
                if (a.content().isPresent()) {
                    node.put("content", a.content().get());
                } else {
                    node.putNull("content");
                }
                if (a.hasToolCalls()) {
                    ArrayNode calls = node.putArray("tool_calls");
                    for (FunctionCall c : a.toolCalls()) {
                        calls.addObject()
                                .put("id", c.id())
                                .put("type", "function")
                                .putObject("function")
                                .put("name", c.name())
                                .put("arguments", c.arguments());
                    }
                }
            }
        }
        return node;
    }

    /**
     * A client's {@code messages}: a non-empty array of system/developer, user, assistant (text
     * and/or tool calls) and tool messages. Content is a string or an array of text parts; other
     * part types (images, audio, files) are refused, since the gateway cannot moderate them.
     */
    public static List<ChatMessage> parseMessages(JsonNode messages) {
        if (!messages.isArray() || messages.isEmpty()) {
            throw new WireFormatException("messages", "must be a non-empty array of messages");
        }
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            out.add(parseMessage(messages.get(i), "messages[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static ChatMessage parseMessage(JsonNode m, String path) {
        if (!m.isObject()) {
            throw new WireFormatException(path, "must be an object with a role");
        }
        String role = text(m.path("role"), path + ".role", true).orElseThrow();
        return switch (role) {
            case "system", "developer" -> new SystemMessage(content(m.path("content"), path + ".content", true));
            case "user" -> new UserMessage(content(m.path("content"), path + ".content", true));
            case "tool" ->
                new ToolMessage(
                        text(m.path("tool_call_id"), path + ".tool_call_id", true)
                                .orElseThrow(),
                        content(m.path("content"), path + ".content", true));
            case "assistant" -> {
                JsonNode c = m.path("content");
                Optional<String> content = c.isMissingNode() || c.isNull()
                        ? Optional.empty()
                        : Optional.of(content(c, path + ".content", false));
                List<FunctionCall> calls = toolCalls(m.path("tool_calls"), path + ".tool_calls");
                if (content.isEmpty() && calls.isEmpty()) {
                    throw new WireFormatException(path, "an assistant message needs content or tool_calls");
                }
                yield new AssistantMessage(content, calls);
            }
            default ->
                throw new WireFormatException(
                        path + ".role",
                        "must be one of system, developer, user, assistant, tool, but was '" + role + "'");
        };
    }

    private static List<FunctionCall> toolCalls(JsonNode calls, String path) {
        if (calls.isMissingNode() || calls.isNull()) {
            return List.of();
        }
        if (!calls.isArray()) {
            throw new WireFormatException(path, "must be an array of tool calls");
        }
        List<FunctionCall> out = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode c = calls.get(i);
            String id = text(c.path("id"), p + ".id", true).orElseThrow();
            JsonNode fn = c.path("function");
            if (!fn.isObject()) {
                throw new WireFormatException(p + ".function", "must be an object with name and arguments");
            }
            String name = text(fn.path("name"), p + ".function.name", true).orElseThrow();
            JsonNode args = fn.path("arguments");
            String arguments = args.isTextual() ? args.asText() : args.isObject() ? args.toString() : "{}";
            out.add(new FunctionCall(id, name, arguments));
        }
        return out;
    }

    /** A client's {@code tools}: function tools only, each with a valid name and an object schema. */
    public static List<FunctionDefinition> parseTools(JsonNode tools) {
        if (tools.isMissingNode() || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw new WireFormatException("tools", "must be an array of function tools");
        }
        List<FunctionDefinition> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            String p = "tools[" + i + "]";
            JsonNode t = tools.get(i);
            String type = text(t.path("type"), p + ".type", true).orElseThrow();
            if (!type.equals("function")) {
                throw new WireFormatException(
                        p + ".type", "only 'function' tools are supported, but was '" + type + "'");
            }
            JsonNode fn = t.path("function");
            if (!fn.isObject()) {
                throw new WireFormatException(p + ".function", "must be an object with a name");
            }
            String name = text(fn.path("name"), p + ".function.name", true).orElseThrow();
            String description = text(fn.path("description"), p + ".function.description", false)
                    .orElse("");
            JsonNode params = fn.path("parameters");
            ObjectNode schema;
            if (params.isMissingNode() || params.isNull()) {
                schema = JSON.createObjectNode().put("type", "object");
                schema.putObject("properties");
            } else if (params.isObject()) {
                schema = (ObjectNode) params;
            } else {
                throw new WireFormatException(p + ".function.parameters", "must be a JSON Schema object");
            }
            try {
                out.add(new FunctionDefinition(name, description, schema));
            } catch (IllegalArgumentException e) {
                throw new WireFormatException(p + ".function.name", e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** A {@code chat.completion} object for a finished response. */
    public static ObjectNode completion(ChatResponse r, long createdEpochSeconds) {
        ObjectNode root = JSON.createObjectNode()
                .put("id", r.id())
                .put("object", "chat.completion")
                .put("created", createdEpochSeconds)
                .put("model", r.model());
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode msg = message(r.message());
        msg.putNull("refusal");
        choice.set("message", msg);
        choice.putNull("logprobs");
        choice.put("finish_reason", r.finishReason().wireName());
        r.usage().ifPresent(u -> root.set("usage", usage(u)));
        return root;
    }

    /**
     * {@link #completion} with one more field last (the gateway's {@code lukhas} extension), written to
     * the generator without building the answer's tree: the same bytes as the tree with the field set
     * ({@code CompletionWriterProperties} compares them), without its nodes and maps per answer.
     *
     * <pre>{@code byte[] body = mapper.writeValueAsBytes(OpenAiJson.completionWriter(r, now, "lukhas", ext));}</pre>
     */
    public static JsonSerializable completionWriter(
            ChatResponse r, long createdEpochSeconds, String field, JsonNode value) {
        return new CompletionWriter(r, createdEpochSeconds, field, value);
    }

    private record CompletionWriter(ChatResponse r, long created, String field, JsonNode value)
            implements JsonSerializable {
        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeStringField("object", "chat.completion");
            g.writeNumberField("created", created);
            g.writeStringField("model", r.model());
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeFieldName("message");
            writeAssistant(g, r.message());
            g.writeNullField("logprobs");
            g.writeStringField("finish_reason", r.finishReason().wireName());
            g.writeEndObject();
            g.writeEndArray();
            if (r.usage().isPresent()) {
                Usage u = r.usage().get();
                g.writeObjectFieldStart("usage");
                g.writeNumberField("prompt_tokens", u.promptTokens());
                g.writeNumberField("completion_tokens", u.completionTokens());
                g.writeNumberField("total_tokens", u.totalTokens());
                g.writeEndObject();
            }
            g.writeFieldName(field);
            // as the tree writes a child node (its features, such as null and empty-array handling, apply)
            ((JsonSerializable) value).serialize(g, provider);
            g.writeEndObject();
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer)
                throws IOException {
            serialize(g, provider);
        }

        /** {@link #message} of an assistant message with {@code refusal: null} last, as {@link #completion} has it. */
        private static void writeAssistant(JsonGenerator g, AssistantMessage a) throws IOException {
            g.writeStartObject();
            g.writeStringField("role", a.role());
            if (a.content().isPresent()) {
                g.writeStringField("content", a.content().get());
            } else {
                g.writeNullField("content");
            }
            if (a.hasToolCalls()) {
                g.writeArrayFieldStart("tool_calls");
                for (FunctionCall c : a.toolCalls()) {
                    g.writeStartObject();
                    g.writeStringField("id", c.id());
                    g.writeStringField("type", "function");
                    g.writeObjectFieldStart("function");
                    g.writeStringField("name", c.name());
                    g.writeStringField("arguments", c.arguments());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeNullField("refusal");
            g.writeEndObject();
        }
    }

    /**
     * The {@code chat.completion.chunk} for one stream delta: the role on {@link ChatDelta.Started},
     * a content or tool-call fragment, the finish reason, or the usage (with empty choices, as
     * OpenAI sends it when {@code stream_options.include_usage} is set).
     */
    public static ObjectNode chunk(String id, String model, long createdEpochSeconds, ChatDelta delta) {
        ObjectNode root = JSON.createObjectNode()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", createdEpochSeconds)
                .put("model", model);
        ArrayNode choices = root.putArray("choices");
        switch (delta) {
            case ChatDelta.Started s -> {
                ObjectNode c = choices.addObject().put("index", 0);
                c.putObject("delta").put("role", "assistant").put("content", "");
                c.putNull("finish_reason");
            }
            case ChatDelta.Content content -> {
                ObjectNode c = choices.addObject().put("index", 0);
                c.putObject("delta").put("content", content.text());
                c.putNull("finish_reason");
            }
            case ChatDelta.ToolCallFragment f -> {
                ObjectNode c = choices.addObject().put("index", 0);
                ObjectNode call =
                        c.putObject("delta").putArray("tool_calls").addObject().put("index", f.index());
                f.id().ifPresent(v -> call.put("id", v).put("type", "function"));
                ObjectNode fn = call.putObject("function");
                f.name().ifPresent(v -> fn.put("name", v));
                fn.put("arguments", f.argumentsFragment());
                c.putNull("finish_reason");
            }
            case ChatDelta.Finished fin -> {
                ObjectNode c = choices.addObject().put("index", 0);
                c.putObject("delta");
                c.put("finish_reason", fin.reason().wireName());
            }
            case ChatDelta.UsageReport u -> root.set("usage", usage(u.usage()));
        }
        return root;
    }

    private static ObjectNode usage(Usage u) {
        return JSON.createObjectNode()
                .put("prompt_tokens", u.promptTokens())
                .put("completion_tokens", u.completionTokens())
                .put("total_tokens", u.totalTokens());
    }

    private static Optional<String> text(JsonNode n, String path, boolean required) {
        if (n.isMissingNode() || n.isNull()) {
            if (required) {
                throw new WireFormatException(path, "is required");
            }
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new WireFormatException(
                    path, "must be a string, but was " + n.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (required && n.asText().isBlank()) {
            throw new WireFormatException(path, "must not be blank");
        }
        return Optional.of(n.asText());
    }

    /** A string, or an array of {type: text, text} parts joined with newlines. */
    private static String content(JsonNode c, String path, boolean required) {
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < c.size(); j++) {
                JsonNode part = c.get(j);
                String type =
                        text(part.path("type"), path + "[" + j + "].type", true).orElseThrow();
                if (!type.equals("text")) {
                    throw new WireFormatException(
                            path + "[" + j + "].type",
                            "only text parts are accepted (the gateway must moderate everything it forwards), but was '"
                                    + type + "'");
                }
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(
                        text(part.path("text"), path + "[" + j + "].text", true).orElseThrow());
            }
            return sb.toString();
        }
        if (c.isMissingNode() || c.isNull()) {
            if (required) {
                throw new WireFormatException(path, "is required");
            }
            return "";
        }
        throw new WireFormatException(path, "must be a string or an array of text parts");
    }
}
