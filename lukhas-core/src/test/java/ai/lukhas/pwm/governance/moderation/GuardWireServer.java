package ai.lukhas.pwm.governance.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real local HTTP server speaking the wire protocols of Llama Guard behind an OpenAI-compatible chat endpoint
 * ({@code POST /v1/chat/completions} → {@code choices[0].message.content} = "safe" | "unsafe\nS1,S10") and of
 * Azure AI Content Safety ({@code POST /contentsafety/text:analyze?api-version=...} with {@code
 * Ocp-Apim-Subscription-Key} → {@code categoriesAnalysis}). What it answers is scripted by a function from the
 * text to the categories it should report; the provider under test still has to build the request, parse the
 * answer and map the categories.
 */
public final class GuardWireServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Our category → the Llama Guard code the scripted server answers for it. */
    static final Map<ModerationCategory, String> LLAMA_CODE = Map.of(
            ModerationCategory.VIOLENCE, "S1",
            ModerationCategory.ILLICIT, "S2",
            ModerationCategory.SEXUAL_MINORS, "S4",
            ModerationCategory.HARASSMENT, "S5",
            ModerationCategory.PII, "S7",
            ModerationCategory.HATE, "S10",
            ModerationCategory.SELF_HARM, "S11",
            ModerationCategory.SEXUAL, "S12");

    private static final Map<ModerationCategory, String> AZURE_NAME = Map.of(
            ModerationCategory.HATE, "Hate",
            ModerationCategory.SELF_HARM, "SelfHarm",
            ModerationCategory.SEXUAL, "Sexual",
            ModerationCategory.VIOLENCE, "Violence");

    public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> keys = new CopyOnWriteArrayList<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile Optional<String> rawAnswer = Optional.empty();
    private final HttpServer server;

    /** {@code script} decides what the server reports for a text: the categories it finds harmful. */
    public GuardWireServer(Function<String, java.util.Set<ModerationCategory>> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                requests.add(body);
                keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                JsonNode messages = body.path("messages");
                String text = messages.path(messages.size() - 1).path("content").asText();
                var found = script.apply(text).stream()
                        .map(LLAMA_CODE::get)
                        .filter(java.util.Objects::nonNull)
                        .sorted()
                        .toList();
                String content = found.isEmpty() ? "safe" : "unsafe\n" + String.join(",", found);
                ObjectNode answer =
                        JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion");
                answer.putArray("choices")
                        .addObject()
                        .put("index", 0)
                        .put("finish_reason", "stop")
                        .putObject("message")
                        .put("role", "assistant")
                        .put("content", content);
                send(exchange, answer.toString());
            }
        });
        server.createContext("/contentsafety/text:analyze", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                requests.add(body);
                keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key")));
                queries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
                var found = script.apply(body.path("text").asText());
                ObjectNode answer = JSON.createObjectNode();
                answer.putArray("blocklistsMatch");
                var analysis = answer.putArray("categoriesAnalysis");
                for (JsonNode c : body.path("categories")) {
                    ModerationCategory ours = AZURE_NAME.entrySet().stream()
                            .filter(e -> e.getValue().equals(c.asText()))
                            .map(Map.Entry::getKey)
                            .findFirst()
                            .orElseThrow();
                    analysis.addObject().put("category", c.asText()).put("severity", found.contains(ours) ? 6 : 0);
                }
                send(exchange, answer.toString());
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    private void send(com.sun.net.httpserver.HttpExchange exchange, String answer) throws IOException {
        byte[] bytes = rawAnswer.orElse(answer).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
