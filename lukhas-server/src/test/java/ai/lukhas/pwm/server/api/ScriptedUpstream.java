package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.provider.AssistantMessage;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.FunctionCall;
import ai.lukhas.pwm.provider.OpenAiJson;
import ai.lukhas.pwm.provider.Usage;
import ai.lukhas.pwm.testing.ResponsesWireFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A local OpenAI-wire upstream that answers each request with the next scripted {@link Step} and
 * records every request body it received; with nothing scripted it answers "ok". {@link #start()}
 * speaks chat completions only ({@code POST /v1/chat/completions}, plain or streamed; {@code
 * /v1/responses} is 404, so a gateway that passed a Responses request through would fail).
 * {@link #startResponses()} speaks the Responses API only ({@code POST /v1/responses}, plain or as
 * Responses events; chat completions is 404) and refuses with 400 a body that is not a Responses
 * request (no {@code input} array, or chat's {@code messages}, nested tools or {@code stop}).
 *
 * <pre>{@code
 * try (ScriptedUpstream up = ScriptedUpstream.start()) {
 *     up.script(Step.call("call_1", "lookup_order", "{\"id\":\"42\"}"), Step.text("It ships tomorrow."));
 *     new TestGateway(dir, up.yaml());
 * }
 * }</pre>
 */
final class ScriptedUpstream implements AutoCloseable {
    /** One function call the scripted model makes. */
    record Call(String id, String name, String arguments) {}

    /** One model answer: text (may be empty) and function calls. */
    record Step(String text, List<Call> calls) {
        static Step text(String text) {
            return new Step(text, List.of());
        }

        static Step call(String id, String name, String arguments) {
            return new Step("", List.of(new Call(id, name, arguments)));
        }
    }

    private final HttpServer server;
    private final boolean responsesWire;
    private final Deque<Step> steps = new ArrayDeque<>();
    private final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());

    private ScriptedUpstream(HttpServer server, boolean responsesWire) {
        this.server = server;
        this.responsesWire = responsesWire;
    }

    /** An upstream that speaks chat completions only. */
    static ScriptedUpstream start() {
        return start(false);
    }

    /** An upstream that speaks the Responses API only. */
    static ScriptedUpstream startResponses() {
        return start(true);
    }

    /** What one request is answered with. */
    private record Answer(int status, String contentType, String body) {}

    private static ScriptedUpstream start(boolean responsesWire) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ScriptedUpstream up = new ScriptedUpstream(server, responsesWire);
            server.createContext(responsesWire ? "/v1/responses" : "/v1/chat/completions", ex -> {
                JsonNode req = TestGateway.read(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                up.received.add(req);
                Answer a = responsesWire ? up.responsesAnswer(req) : up.chatAnswer(req);
                byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", a.contentType());
                ex.sendResponseHeaders(a.status(), bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return up;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer chatAnswer(JsonNode req) {
        Step step = next();
        boolean stream = req.path("stream").asBoolean(false);
        return new Answer(
                200,
                stream ? "text/event-stream" : "application/json",
                stream ? sse(step, req) : plain(step).toString());
    }

    /** A Responses request is answered in kind; a body that is not one (chat fields, nested tools) is a 400. */
    private Answer responsesAnswer(JsonNode req) {
        String problem = !req.path("input").isArray()
                ? "input must be an array of items"
                : req.has("messages") || req.has("stop") || req.has("stream_options")
                        ? "chat completions fields sent to the Responses API"
                        : req.path("tools").findValue("function") != null ? "nested chat tools" : "";
        if (!problem.isEmpty()) {
            return new Answer(
                    400,
                    "application/json",
                    "{\"error\":{\"message\":\"" + problem + "\",\"type\":\"invalid_request_error\"}}");
        }
        ChatResponse answer = answer(next());
        boolean stream = req.path("stream").asBoolean(false);
        return new Answer(
                200,
                stream ? "text/event-stream" : "application/json",
                stream
                        ? ResponsesWireFormat.events(answer, 9)
                        : ResponsesWireFormat.response(answer).toString());
    }

    /** The {@code upstream:} line of a lukhas.yaml pointing a gateway here. */
    String yaml() {
        return "upstream: {url: \"http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1\", api_key: sk-test-upstream-0000000000, model: gpt-4o-mini"
                + (responsesWire ? ", api: responses" : "") + "}\n";
    }

    /** Replaces what is scripted by these steps, in order. */
    synchronized void script(Step... next) {
        steps.clear();
        steps.addAll(List.of(next));
    }

    private synchronized Step next() {
        Step s = steps.poll();
        return s != null ? s : Step.text("ok");
    }

    /** Every request body received so far, oldest first. */
    List<JsonNode> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    void clearReceived() {
        received.clear();
    }

    private static ChatResponse answer(Step step) {
        AssistantMessage message = new AssistantMessage(
                step.text().isEmpty() ? Optional.empty() : Optional.of(step.text()),
                step.calls().stream()
                        .map(c -> new FunctionCall(c.id(), c.name(), c.arguments()))
                        .toList());
        return new ChatResponse(
                "chatcmpl-up",
                "gpt-4o-mini",
                message,
                step.calls().isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS,
                Optional.of(new Usage(7, 5, 12)));
    }

    private static ObjectNode plain(Step step) {
        return OpenAiJson.completion(answer(step), 1);
    }

    /** The same answer as chunks: role, the text in 9-character pieces, each call whole, finish, usage when asked. */
    private static String sse(Step step, JsonNode req) {
        List<String> events = new ArrayList<>();
        events.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        String text = step.text();
        for (int i = 0; i < text.length(); i += 9) {
            events.add(chunk(
                    "{\"content\":" + TestGateway.JSON.valueToTree(text.substring(i, Math.min(text.length(), i + 9)))
                            + "}",
                    null));
        }
        for (int i = 0; i < step.calls().size(); i++) {
            Call c = step.calls().get(i);
            ObjectNode delta = TestGateway.JSON.createObjectNode();
            delta.putArray("tool_calls")
                    .addObject()
                    .put("index", i)
                    .put("id", c.id())
                    .put("type", "function")
                    .putObject("function")
                    .put("name", c.name())
                    .put("arguments", c.arguments());
            events.add(chunk(delta.toString(), null));
        }
        events.add(chunk("{}", step.calls().isEmpty() ? "stop" : "tool_calls"));
        if (req.path("stream_options").path("include_usage").asBoolean(false)) {
            events.add("{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"gpt-4o-mini\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5,\"total_tokens\":12}}");
        }
        StringBuilder body = new StringBuilder();
        events.forEach(e -> body.append("data: ").append(e).append("\n\n"));
        return body.append("data: [DONE]\n\n").toString();
    }

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
