package ai.lukhas.pwm.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
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
final class CapturingUpstream extends LocalUpstream {
    static final String ANSWER = "The tide rises twice a day.";

    private final List<JsonNode> chat = new CopyOnWriteArrayList<>();
    private final List<JsonNode> embeddings = new CopyOnWriteArrayList<>();

    private CapturingUpstream() {}

    static CapturingUpstream start() {
        CapturingUpstream up = new CapturingUpstream();
        up.serve("/v1/chat/completions", up::chat);
        up.serve("/v1/embeddings", up::embeddings);
        up.listen();
        return up;
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
        JsonNode body = body(ex);
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
        JsonNode body = body(ex);
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
}
