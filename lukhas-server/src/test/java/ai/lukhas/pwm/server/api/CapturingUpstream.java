package ai.lukhas.pwm.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local OpenAI-wire upstream (chat completions and embeddings only) that records every request
 * body it receives and answers a fixed text, so a test can assert exactly what the gateway sent.
 *
 * <pre>{@code
 * try (CapturingUpstream up = CapturingUpstream.start()) {
 *     new TestGateway(dir, up.yaml());
 *     up.chatBodies().get(0).path("seed").asInt();
 * }
 * }</pre>
 */
final class CapturingUpstream implements AutoCloseable {
    static final String ANSWER = "The tide rises twice a day.";

    private final HttpServer server;
    private final List<JsonNode> chat = new CopyOnWriteArrayList<>();
    private final List<JsonNode> embeddings = new CopyOnWriteArrayList<>();

    private CapturingUpstream(HttpServer server) {
        this.server = server;
    }

    static CapturingUpstream start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            CapturingUpstream up = new CapturingUpstream(s);
            s.createContext("/v1/chat/completions", up::chat);
            s.createContext("/v1/embeddings", up::embeddings);
            s.start();
            return up;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code upstream:} line of lukhas.yaml pointing at this server. */
    String yaml() {
        return "upstream: {url: \"http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1\", api_key: sk-test-upstream-0000000000, model: gpt-4o-mini}\n";
    }

    List<JsonNode> chatBodies() {
        return List.copyOf(chat);
    }

    List<JsonNode> embeddingBodies() {
        return List.copyOf(embeddings);
    }

    /** The last chat request body the upstream received. */
    JsonNode lastChat() {
        return chat.get(chat.size() - 1);
    }

    private void chat(HttpExchange ex) throws IOException {
        JsonNode body = TestGateway.read(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        chat.add(body);
        String text = TestGateway.JSON.valueToTree(ANSWER).toString();
        if (body.path("stream").asBoolean(false)) {
            String chunk =
                    "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + text
                            + "},\"finish_reason\":null}]}";
            String end = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}";
            respond(ex, "text/event-stream", "data: " + chunk + "\n\ndata: " + end + "\n\ndata: [DONE]\n\n");
        } else {
            respond(
                    ex,
                    "application/json",
                    "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,"
                            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                            + "\"content\":" + text + "},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}");
        }
    }

    private void embeddings(HttpExchange ex) throws IOException {
        JsonNode body = TestGateway.read(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        embeddings.add(body);
        StringBuilder data = new StringBuilder();
        JsonNode input = body.path("input");
        for (int i = 0; i < input.size(); i++) {
            data.append(i == 0 ? "" : ",")
                    .append("{\"object\":\"embedding\",\"index\":")
                    .append(i)
                    .append(",\"embedding\":[0.5,-0.25,")
                    .append(i)
                    .append("]}");
        }
        respond(
                ex,
                "application/json",
                "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\""
                        + body.path("model").asText() + "\",\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}");
    }

    private static void respond(HttpExchange ex, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
