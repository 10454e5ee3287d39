package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.server.http.OpenAiErrors;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.responses.StoredResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Responses API request ({@code POST /v1/responses}) translated into the chat completions body
 * that {@link ChatRequestReader} reads, so both formats reach the pipeline through one reading:
 * {@code instructions} become the first system message, {@code input} (a string or items: messages,
 * {@code function_call}, {@code function_call_output}) the conversation after the one that
 * {@code previous_response_id} names, flat function tools nested ones, {@code max_output_tokens}
 * {@code max_completion_tokens}, {@code reasoning.effort} {@code reasoning_effort}, {@code text.format}
 * {@code response_format}. What the gateway keeps to itself ({@code store}, {@code metadata},
 * {@code previous_response_id}) is not sent upstream. Anything else is a 400 naming the field.
 *
 * <pre>{@code ResponsesRequest q = ResponsesRequest.translate(body, previous); reader.read(ctx, q.chatBody(), principal);}</pre>
 *
 * @param chatBody the equivalent chat completions request (with the {@code lukhas} extension)
 * @param items this request's conversation as Responses input items, after the previous response's
 *     (without {@code instructions}); stored with the response for a later continuation
 * @param echo the request fields a Response object repeats ({@code instructions}, {@code tools},
 *     {@code tool_choice}, {@code text}, {@code metadata}, ...)
 * @param store whether the response is kept for {@code GET /v1/responses/{id}} (default true)
 * @param origins for each chat message, the Responses field it came from (to name it in errors)
 */
record ResponsesRequest(
        ObjectNode chatBody, ArrayNode items, ObjectNode echo, boolean store, boolean stream, List<String> origins) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The top-level fields of a Responses request this gateway honours. */
    static final Set<String> KNOWN = Set.of(
            "model",
            "input",
            "instructions",
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "max_output_tokens",
            "temperature",
            "top_p",
            "reasoning",
            "text",
            "metadata",
            "user",
            "store",
            "previous_response_id",
            "stream",
            "truncation",
            "include",
            "lukhas");

    private static final Set<String> MESSAGE_FIELDS = Set.of("type", "role", "content", "id", "status");
    private static final Set<String> CALL_FIELDS = Set.of("type", "call_id", "name", "arguments", "id", "status");
    private static final Set<String> OUTPUT_FIELDS = Set.of("type", "call_id", "output", "id", "status");
    private static final Set<String> TOOL_FIELDS = Set.of("type", "name", "description", "parameters", "strict");
    private static final Set<String> REASONING_EFFORTS = Set.of("minimal", "low", "medium", "high");
    private static final int MAX_ITEMS = 1024;

    /** The {@code previous_response_id} of a body, checked for type; the route looks it up before translating. */
    static Optional<String> previousId(ObjectNode body) {
        Json.Reader r = new Json.Reader(body);
        Optional<String> id = r.text("previous_response_id", false, 128);
        r.finish();
        return id;
    }

    /**
     * Translates {@code body}; {@code previous} is the stored response its {@code previous_response_id}
     * names (looked up in the caller's tenant).
     *
     * @throws ProblemException 400 naming the field for anything unknown, unsupported or malformed
     */
    static ResponsesRequest translate(ObjectNode body, Optional<StoredResponse> previous) {
        Json.Reader r = new Json.Reader(body).only(KNOWN);
        ObjectNode chat = NODES.objectNode();
        ObjectNode echo = NODES.objectNode();
        List<String> origins = new ArrayList<>();
        ArrayNode messages = chat.putArray("messages");

        Optional<String> instructions = r.text("instructions", false, 256 * 1024);
        instructions.ifPresent(i -> {
            messages.addObject().put("role", "system").put("content", i);
            origins.add("instructions");
        });
        echo.put("instructions", instructions.orElse(null));

        ArrayNode items = NODES.arrayNode();
        previous.ifPresent(p -> {
            ArrayNode before = p.items();
            before.addAll(outputItems(p.response()));
            items.addAll(before);
            appendItems(before, "previous_response_id", messages, origins, r);
        });
        JsonNode input = body.path("input");
        if (input.isTextual()) {
            ObjectNode item = NODES.objectNode().put("type", "message").put("role", "user");
            item.put("content", input.textValue());
            ArrayNode one = NODES.arrayNode().add(item);
            items.addAll(one);
            appendItems(one, "input", messages, origins, r);
        } else if (input.isArray()) {
            if (input.size() > MAX_ITEMS) {
                r.invalid("input", "must have at most " + MAX_ITEMS + " items, but had " + input.size());
            } else {
                appendItems((ArrayNode) input, "input", messages, origins, r);
                items.addAll((ArrayNode) input.deepCopy());
            }
        } else if (input.isMissingNode() || input.isNull()) {
            r.malformed("input", "is required: a string or an array of input items");
        } else {
            r.malformed("input", "must be a string or an array of input items, but was " + Json.describe(input));
        }

        r.text("model", false, 256).ifPresent(m -> chat.put("model", m));
        r.number("temperature", false, 0, 2).ifPresent(v -> chat.put("temperature", v));
        r.number("top_p", false, 0, 1).ifPresent(v -> chat.put("top_p", v));
        OptionalLong max = r.integer("max_output_tokens", false, 1, Integer.MAX_VALUE);
        if (max.isPresent()) {
            chat.put("max_completion_tokens", max.getAsLong());
        }
        echo.put("max_output_tokens", max.isPresent() ? max.getAsLong() : null);
        Optional<Boolean> parallel = r.bool("parallel_tool_calls");
        parallel.ifPresent(v -> chat.put("parallel_tool_calls", v));
        echo.put("parallel_tool_calls", parallel.orElse(true));
        Optional<String> user = r.text("user", false, 64);
        user.ifPresent(u -> chat.put("user", u));
        echo.put("user", user.orElse(null));
        boolean stream = r.bool("stream").orElse(false);
        chat.put("stream", stream);
        boolean store = r.bool("store").orElse(true);
        echo.put("store", store);
        r.any("lukhas", false).ifPresent(x -> chat.set("lukhas", x.deepCopy()));

        tools(body, r, chat, echo);
        toolChoice(body, r, chat, echo);
        reasoning(r, chat, echo);
        text(r, chat, echo);
        metadata(r, echo);
        r.text("truncation", false, 16).ifPresent(t -> {
            if (!t.equals("disabled")) {
                r.invalid(
                        "truncation",
                        "only 'disabled' is supported (the gateway never drops context), but was '" + t + "'");
            }
        });
        echo.put("truncation", "disabled");
        List<String> include = r.any("include", false).isPresent() ? r.strings("include", 16, 128) : List.of();
        if (!include.isEmpty()) {
            r.invalid("include", "no extra output data is supported, but was asked for " + include);
        }
        r.finish();
        return new ResponsesRequest(chat, items, echo, store, stream, List.copyOf(origins));
    }

    /** The output items of a stored response, as input items for a continuation. */
    private static ArrayNode outputItems(ObjectNode response) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode item : response.path("output")) {
            out.add(item.deepCopy());
        }
        return out;
    }

    /**
     * Appends chat messages for {@code items}: messages (string or text parts), and runs of an assistant
     * message with the {@code function_call} items after it as one assistant message with tool calls;
     * {@code function_call_output} items become tool messages.
     */
    private static void appendItems(
            ArrayNode items, String field, ArrayNode messages, List<String> origins, Json.Reader r) {
        ObjectNode assistant = null;
        for (int i = 0; i < items.size(); i++) {
            String path = field.equals("input") ? "input[" + i + "]" : field;
            if (!(items.get(i) instanceof ObjectNode item)) {
                r.malformed(path, "must be an input item object, but was " + Json.describe(items.get(i)));
                continue;
            }
            Json.Reader x = r.nested(path, item);
            String type = item.hasNonNull("type") ? item.path("type").asText() : "message";
            switch (type) {
                case "message" -> {
                    x.only(MESSAGE_FIELDS);
                    String role = x.text("role", true, 16).orElse("user");
                    if (!Set.of("user", "system", "developer", "assistant").contains(role)) {
                        x.invalid("role", "must be one of user, system, developer, assistant, but was '" + role + "'");
                        continue;
                    }
                    String content = content(item.path("content"), path + ".content", r);
                    if (role.equals("assistant")) {
                        assistant =
                                messages.addObject().put("role", "assistant").put("content", content);
                        origins.add(path);
                    } else {
                        assistant = null;
                        messages.addObject().put("role", role).put("content", content);
                        origins.add(path);
                    }
                }
                case "function_call" -> {
                    x.only(CALL_FIELDS);
                    String callId = x.text("call_id", true, 256).orElse("call");
                    String name = x.text("name", true, 64).orElse("function");
                    String arguments = x.text("arguments", true, 1 << 20).orElse("{}");
                    if (assistant == null) {
                        assistant = messages.addObject().put("role", "assistant");
                        assistant.putNull("content");
                        origins.add(path);
                    }
                    ArrayNode calls = assistant.has("tool_calls")
                            ? (ArrayNode) assistant.get("tool_calls")
                            : assistant.putArray("tool_calls");
                    calls.addObject()
                            .put("id", callId)
                            .put("type", "function")
                            .putObject("function")
                            .put("name", name)
                            .put("arguments", arguments);
                }
                case "function_call_output" -> {
                    x.only(OUTPUT_FIELDS);
                    assistant = null;
                    String callId = x.text("call_id", true, 256).orElse("call");
                    String output = content(item.path("output"), path + ".output", r);
                    messages.addObject()
                            .put("role", "tool")
                            .put("tool_call_id", callId)
                            .put("content", output);
                    origins.add(path);
                }
                default ->
                    x.malformed(
                            "type",
                            "unsupported input item type '" + Json.abbreviate(type)
                                    + "'; supported: message, function_call, function_call_output");
            }
        }
    }

    /** A string, or text parts ({@code input_text}, {@code output_text}) joined with newlines. */
    private static String content(JsonNode c, String path, Json.Reader r) {
        if (c.isTextual()) {
            return c.textValue();
        }
        if (!c.isArray()) {
            r.malformed(path, "must be a string or an array of text parts, but was " + Json.describe(c));
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < c.size(); j++) {
            JsonNode part = c.get(j);
            String type = part.path("type").asText("");
            if (!Set.of("input_text", "output_text", "text").contains(type)) {
                r.malformed(
                        path + "[" + j + "].type",
                        "only input_text and output_text parts are accepted (the gateway must moderate everything"
                                + " it forwards), but was " + Json.describe(part.path("type")));
                continue;
            }
            if (!part.path("text").isTextual()) {
                r.malformed(path + "[" + j + "].text", "must be a string, but was " + Json.describe(part.path("text")));
                continue;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(part.path("text").textValue());
        }
        return sb.toString();
    }

    /** Flat function tools ({@code {type, name, description, parameters, strict}}) as chat's nested ones. */
    private static void tools(ObjectNode body, Json.Reader r, ObjectNode chat, ObjectNode echo) {
        ArrayNode echoed = echo.putArray("tools");
        JsonNode tools = body.path("tools");
        if (tools.isMissingNode() || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            r.malformed("tools", "must be an array of function tools, but was " + Json.describe(tools));
            return;
        }
        if (tools.size() > 128) {
            r.invalid("tools", "must have at most 128 items, but had " + tools.size());
            return;
        }
        if (tools.isEmpty()) {
            return;
        }
        ArrayNode out = chat.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            if (!(tools.get(i) instanceof ObjectNode tool)) {
                r.malformed(
                        "tools[" + i + "]", "must be a function tool object, but was " + Json.describe(tools.get(i)));
                continue;
            }
            Json.Reader t = r.nested("tools[" + i + "]", tool);
            String type = t.text("type", true, 64).orElse("function");
            if (!type.equals("function")) {
                t.malformed(
                        "type",
                        "only function tools are supported (the gateway runs its own tools and governs the"
                                + " application's functions), but was '" + Json.abbreviate(type) + "'");
                continue;
            }
            t.only(TOOL_FIELDS);
            ObjectNode fn = out.addObject().put("type", "function").putObject("function");
            t.text("name", true, 64).ifPresent(n -> fn.put("name", n));
            t.text("description", false, 4096).ifPresent(d -> fn.put("description", d));
            t.object("parameters", false).ifPresent(p -> fn.set("parameters", p.deepCopy()));
            t.bool("strict").ifPresent(s -> fn.put("strict", s));
            echoed.add(tool.deepCopy());
        }
    }

    /** {@code "auto" | "none" | "required" | {"type": "function", "name": ...}}. */
    private static void toolChoice(ObjectNode body, Json.Reader r, ObjectNode chat, ObjectNode echo) {
        JsonNode choice = body.path("tool_choice");
        if (choice.isMissingNode() || choice.isNull()) {
            echo.put("tool_choice", "auto");
            return;
        }
        if (choice.isTextual() && Set.of("auto", "none", "required").contains(choice.textValue())) {
            chat.put("tool_choice", choice.textValue());
        } else if (choice instanceof ObjectNode o
                && o.path("type").asText("").equals("function")
                && o.path("name").isTextual()
                && o.size() == 2) {
            chat.putObject("tool_choice")
                    .put("type", "function")
                    .putObject("function")
                    .put("name", o.path("name").textValue());
        } else {
            r.malformed(
                    "tool_choice",
                    "must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"name\": ...}, but was "
                            + Json.describe(choice));
            return;
        }
        echo.set("tool_choice", choice.deepCopy());
    }

    /** {@code reasoning.effort} becomes {@code reasoning_effort}; summaries are not produced, so asking is refused. */
    private static void reasoning(Json.Reader r, ObjectNode chat, ObjectNode echo) {
        ObjectNode echoed = echo.putObject("reasoning");
        echoed.putNull("effort");
        echoed.putNull("summary");
        Optional<ObjectNode> reasoning = r.object("reasoning", false);
        if (reasoning.isEmpty()) {
            return;
        }
        Json.Reader x = r.nested("reasoning", reasoning.get()).only(Set.of("effort", "summary", "generate_summary"));
        x.text("effort", false, 16).ifPresent(e -> {
            if (REASONING_EFFORTS.contains(e)) {
                chat.put("reasoning_effort", e);
                echoed.put("effort", e);
            } else {
                x.invalid("effort", "must be one of minimal, low, medium, high, but was '" + Json.abbreviate(e) + "'");
            }
        });
        for (String f : List.of("summary", "generate_summary")) {
            if (x.any(f, false).isPresent()) {
                x.invalid(f, "reasoning summaries are not produced by this gateway; leave it out or null");
            }
        }
    }

    /** {@code text.format}: text (the default), json_object, or json_schema as chat's {@code response_format}. */
    private static void text(Json.Reader r, ObjectNode chat, ObjectNode echo) {
        ObjectNode echoed = echo.putObject("text");
        echoed.putObject("format").put("type", "text");
        Optional<ObjectNode> text = r.object("text", false);
        if (text.isEmpty()) {
            return;
        }
        Json.Reader x = r.nested("text", text.get()).only(Set.of("format", "verbosity"));
        if (x.any("verbosity", false).isPresent()) {
            x.invalid("verbosity", "is not supported by this gateway; leave it out or null");
        }
        Optional<ObjectNode> format = x.object("format", false);
        if (format.isEmpty()) {
            return;
        }
        Json.Reader f = x.nested("format", format.get());
        String type = f.text("type", true, 32).orElse("text");
        switch (type) {
            case "text" -> f.only(Set.of("type"));
            case "json_object" -> {
                f.only(Set.of("type"));
                chat.putObject("response_format").put("type", "json_object");
            }
            case "json_schema" -> {
                f.only(Set.of("type", "name", "schema", "strict", "description"));
                ObjectNode schema = chat.putObject("response_format")
                        .put("type", "json_schema")
                        .putObject("json_schema");
                f.text("name", true, 64).ifPresent(n -> schema.put("name", n));
                f.text("description", false, 4096).ifPresent(d -> schema.put("description", d));
                f.object("schema", true).ifPresent(s -> schema.set("schema", s.deepCopy()));
                f.bool("strict").ifPresent(s -> schema.put("strict", s));
            }
            default ->
                f.invalid(
                        "type",
                        "must be one of text, json_object, json_schema, but was '" + Json.abbreviate(type) + "'");
        }
        echoed.set("format", format.get().deepCopy());
    }

    /** Up to 16 string pairs (keys up to 64, values up to 512 characters), kept with the response. */
    private static void metadata(Json.Reader r, ObjectNode echo) {
        Optional<ObjectNode> metadata = r.object("metadata", false);
        ObjectNode echoed = echo.putObject("metadata");
        if (metadata.isEmpty()) {
            return;
        }
        if (metadata.get().size() > 16) {
            r.invalid(
                    "metadata",
                    "must have at most 16 pairs, but had " + metadata.get().size());
            return;
        }
        for (Map.Entry<String, JsonNode> e : metadata.get().properties()) {
            if (e.getKey().length() > 64) {
                r.invalid(
                        "metadata",
                        "keys must be at most 64 characters, but one had "
                                + e.getKey().length());
            } else if (!e.getValue().isTextual() || e.getValue().textValue().length() > 512) {
                r.invalid("metadata." + e.getKey(), "must be a string of at most 512 characters");
            } else {
                echoed.put(e.getKey(), e.getValue().textValue());
            }
        }
    }

    private static final Pattern MESSAGE_PATH = Pattern.compile("messages\\[(\\d+)]");
    private static final Pattern TOOL_PATH = Pattern.compile("tools\\[(\\d+)]\\.function");

    /**
     * The same problem with chat field names replaced by the Responses fields they came from
     * ({@code messages[2]} by the input item, {@code max_completion_tokens} by {@code max_output_tokens}, ...).
     */
    ProblemException rename(ProblemException e) {
        Problem p = e.problem();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Problem.FieldError f : p.errors()) {
            errors.add(new Problem.FieldError(rename(f.field()), rename(f.message())));
        }
        Problem renamed = new Problem(p.type(), p.title(), p.status(), rename(p.detail()), p.instance(), errors);
        return e instanceof OpenAiErrors.Coded c
                ? new OpenAiErrors.Coded(renamed, c.code())
                : new ProblemException(renamed);
    }

    private String rename(String text) {
        Matcher m = MESSAGE_PATH.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(i < origins.size() ? origins.get(i) : "input"));
        }
        m.appendTail(sb);
        String out = TOOL_PATH.matcher(sb.toString()).replaceAll("tools[$1]");
        return out.replace("max_completion_tokens", "max_output_tokens")
                .replace("reasoning_effort", "reasoning.effort")
                .replace("response_format", "text.format")
                .replace("messages", "input");
    }
}
