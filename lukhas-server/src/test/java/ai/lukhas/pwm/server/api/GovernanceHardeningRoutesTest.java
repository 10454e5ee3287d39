package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15 items 5 and 6 through the HTTP server, against a scripted OpenAI-wire upstream on
 * loopback: what the model sends never reaches the client unmoderated, streamed or not.
 */
class GovernanceHardeningRoutesTest {
    static final String HOSTILE = "I will kill you tomorrow, AKIAIOSFODNN7EXAMPLE, john.doe@example.com";

    @TempDir
    Path dir;

    private HttpServer upstream;
    private volatile String plainBody;
    private volatile List<String> sseEvents;
    private TestGateway gw;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/v1/chat/completions", ex -> {
            String req = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean stream = req.contains("\"stream\":true");
            StringBuilder body = new StringBuilder();
            if (stream) {
                sseEvents.forEach(e -> body.append("data: ").append(e).append("\n\n"));
                body.append("data: [DONE]\n\n");
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            } else {
                body.append(plainBody);
                ex.getResponseHeaders().add("Content-Type", "application/json");
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        upstream.start();
        gw = new TestGateway(
                dir,
                "upstream: {url: \"http://127.0.0.1:" + upstream.getAddress().getPort()
                        + "/v1\", api_key: sk-test-upstream-0000000000, model: gpt-4o-mini}\n");
    }

    @AfterEach
    void stop() {
        gw.close();
        upstream.stop(0);
    }

    static String chunk(String delta, String finish) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    static String quoted(String s) {
        return TestGateway.JSON.valueToTree(s).toString();
    }

    static final String CLIENT_FN_BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"Please call my function.\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"client_fn\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}}}]";

    @Test
    void clientToolCallArgumentsAreModerated() {
        String args = quoted("{\"x\":\"" + HOSTILE + "\"}");
        plainBody = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"client_fn\","
                + "\"arguments\":" + args + "}}]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
        sseEvents = List.of(
                chunk("{\"role\":\"assistant\",\"content\":null}", null),
                chunk(
                        "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                                + "\"function\":{\"name\":\"client_fn\",\"arguments\":\"\"}}]}",
                        null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + args + "}}]}", null),
                chunk("{}", "tool_calls"));

        HttpResponse<String> plain =
                gw.post("/v1/chat/completions", gw.admin, CLIENT_FN_BODY + ",\"lukhas\":{\"session_id\":\"p-1\"}}");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).doesNotContain("AKIAIOSFODNN7EXAMPLE", "I will kill you", "john.doe@example.com");
        JsonNode p = TestGateway.read(plain.body());
        assertThat(p.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(p.at("/lukhas/incidents/0/kind").asText()).isEqualTo("flagged_output");

        HttpResponse<String> streamed = gw.post(
                "/v1/chat/completions",
                gw.admin,
                CLIENT_FN_BODY + ",\"stream\":true,\"lukhas\":{\"session_id\":\"s-1\"}}");
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body())
                .doesNotContain("AKIAIOSFODNN7EXAMPLE", "I will kill you", "john.doe@example.com")
                .contains("content_filter");
    }

    @Test
    void longJwtIsNeverPartlyReleasedWhileStreaming() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        StringBuilder jwt = new StringBuilder("eyJhbGciOiJIUzI1NiJ9.")
                .append(b64.encodeToString("{\"email\":\"jane.roe@example.com\",\"ssn\":\"078-05-1120\"}"
                        .getBytes(StandardCharsets.UTF_8)))
                .append('.');
        while (jwt.length() < 320) {
            jwt.append('s');
        }
        String before = "Here is the token you asked for. It is ";
        String answer = before + jwt + " and it expires soon.";
        List<String> events = new ArrayList<>();
        events.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (int i = 0; i < answer.length(); i += 12) {
            events.add(chunk(
                    "{\"content\":" + quoted(answer.substring(i, Math.min(answer.length(), i + 12))) + "}", null));
        }
        events.add(chunk("{}", "stop"));
        sseEvents = events;

        HttpResponse<String> r = gw.post(
                "/v1/chat/completions",
                gw.acme,
                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Give me a token\"}],"
                        + "\"lukhas\":{\"session_id\":\"jwt-1\"}}");
        assertThat(r.statusCode()).isEqualTo(200);
        StringBuilder released = new StringBuilder();
        r.body()
                .lines()
                .filter(l -> l.startsWith("data: {"))
                .map(l -> TestGateway.read(l.substring(6)))
                .forEach(c -> released.append(c.at("/choices/0/delta/content").asText("")));
        assertThat(r.body()).contains("content_filter").doesNotContain("eyJ");
        assertThat(before).startsWith(released.toString());
    }
}
