package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.problem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 items 2 and 6: every bad input the issue found (500s, unenforced limits, Jetty's HTML
 * pages) is a clear 4xx, as an OpenAI error body on the OpenAI routes and problem+json elsewhere;
 * refusals that happen before any route (authentication, rate limit, content type, size) too.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private TestGateway gw;

    @BeforeEach
    void start() {
        gw = new TestGateway(dir, "", 2 * 1024 * 1024);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private static String messages(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"x\"}");
        }
        return b.append("]").toString();
    }

    private static String tools(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"function\",\"function\":{\"name\":\"f")
                    .append(i)
                    .append("\"}}");
        }
        return b.append("]").toString();
    }

    private static String fn(String name, String parameters) {
        return "{\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"parameters\":" + parameters + "}}";
    }

    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @Test
    void everyBadInputTheIssueFoundIsA400NamingTheField() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"model\":\"\"," + HI + "}", "model");
        cases.put("{" + HI + ",\"tools\":[" + fn("open_url", "{\"type\":\"object\"}") + "]}", "tools[0].function.name");
        cases.put("{" + HI + ",\"tools\":[" + fn("f", "{}") + "," + fn("f", "{}") + "]}", "tools[1].function.name");
        cases.put(
                "{" + HI + ",\"tools\":[" + fn("f", "{\"$ref\":\"https://evil.example/schema.json\"}") + "]}",
                "tools[0].function.parameters");
        cases.put(
                "{" + HI + ",\"tools\":[" + fn("f", "{\"$schema\":\"https://example.com/my-dialect\"}") + "]}",
                "tools[0].function.parameters");
        cases.put(
                "{" + HI + ",\"tools\":[" + fn("f", "{\"type\":\"object\",\"properties\":{\"a\":\"str\"}}") + "]}",
                "tools[0].function.parameters");
        cases.put("{\"messages\":" + messages(1025) + "}", "messages");
        cases.put("{\"messages\":" + messages(10_000) + "}", "messages");
        cases.put("{" + HI + ",\"tools\":" + tools(129) + "}", "tools");
        cases.put("{" + HI + ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", "stop");
        cases.put("{" + HI + ",\"tool_choice\":\"always\"}", "tool_choice");
        cases.put(
                "{" + HI + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}}",
                "tool_choice.function.name");
        cases.put("{" + HI + ",\"response_format\":{\"type\":\"yaml\"}}", "response_format.type");
        cases.put("{" + HI + ",\"stream_options\":{\"include_usage\":true},\"stream\":false}", "stream_options");
        cases.forEach((body, field) -> {
            HttpResponse<String> r = gw.post("/v1/chat/completions", gw.admin, body);
            JsonNode p = problem(r, 400);
            assertThat(p.path("error").path("param").asText())
                    .as(body.length() > 200 ? body.substring(0, 200) : body)
                    .isEqualTo(field);
            assertThat(p.path("error").path("message").asText()).isNotBlank().doesNotContain("Exception");
        });
    }

    /** Query parameters read by RouteSupport's shared readers: each refusal names the parameter and the value. */
    @Test
    void malformedOrOutOfRangeQueryParametersAre400sSayingWhatWasExpectedAndGiven() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/v1/feedback/lut/history?points=1", "points must be an integer in [2, 200], but was '1'");
        cases.put("/v1/feedback/lut/history?points=many", "points must be an integer in [2, 200], but was 'many'");
        cases.put("/v1/incidents?limit=0", "limit must be an integer in [1, 1000], but was '0'");
        cases.put(
                "/v1/incidents?from=yesterday",
                "from must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, but was 'yesterday'");
        cases.put(
                "/v1/incidents?after=nope",
                "after must be a cursor an earlier answer of /v1/incidents returned, but was 'nope'");
        cases.forEach((path, detail) -> {
            JsonNode p = TestGateway.problem(gw.get(path, gw.admin), 400);
            assertThat(p.path("detail").asText()).as(path).isEqualTo(detail);
            String param = path.substring(path.indexOf('?') + 1, path.indexOf('='));
            assertThat(TestGateway.fields(p)).as(path).containsExactly(param);
        });
    }

    @Test
    void refusalsBeforeAnyRouteAreOpenAiBodiesOnOpenAiRoutesAndProblemsElsewhere() {
        HttpResponse<String> unauthorized =
                gw.send("POST", "/v1/chat/completions", Optional.of("sk-wrong"), Optional.of("{" + HI + "}"));
        JsonNode e = problem(unauthorized, 401);
        assertThat(e.path("error").path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(unauthorized.headers().firstValue("www-authenticate")).contains("Bearer");
        JsonNode management =
                TestGateway.problem(gw.send("GET", "/v1/tools", Optional.of("sk-wrong"), Optional.empty()), 401);
        assertThat(management.has("error")).isFalse();

        RawHttp.Response textPlain = RawHttp.send(
                gw.server.port(),
                "POST /v1/chat/completions HTTP/1.1",
                Map.of("Host", "127.0.0.1", "Authorization", "Bearer " + gw.admin, "Content-Type", "text/plain"),
                "{" + HI + "}");
        assertThat(textPlain.status()).isEqualTo(415);
        assertThat(textPlain.header("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(TestGateway.read(textPlain.body()).path("error").path("code").asText())
                .isEqualTo("unsupported_media_type");

        JsonNode models = problem(gw.get("/v1/models/gpt-5-imaginary", gw.acme), 404);
        assertThat(models.path("error").path("code").asText()).isEqualTo("model_not_found");

        // the failed-authentication throttle: 429 rate_limit_exceeded with Retry-After, as an OpenAI body
        HttpResponse<String> last = null;
        for (int i = 0; i < 12; i++) {
            last = gw.send("POST", "/v1/embeddings", Optional.of("sk-wrong-" + i), Optional.of("{}"));
        }
        JsonNode limited = problem(last, 429);
        assertThat(limited.path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(last.headers().firstValue("retry-after")).isPresent();
    }

    @Test
    void jettysOwnErrorsAreJsonNotHtml() {
        int port = gw.server.port();
        Map<String, RawHttp.Response> cases = new LinkedHashMap<>();
        cases.put(
                "414",
                RawHttp.send(
                        port, "GET /v1/models?" + "q=".repeat(20_000) + " HTTP/1.1", Map.of("Host", "127.0.0.1"), ""));
        cases.put(
                "431",
                RawHttp.send(
                        port, "GET /v1/models HTTP/1.1", Map.of("Host", "127.0.0.1", "X-Big", "a".repeat(20_000)), ""));
        cases.put("bad percent-encoding", RawHttp.send(port, "GET /v1/%zz HTTP/1.1", Map.of("Host", "127.0.0.1"), ""));
        cases.put(
                "Content-Length -1",
                RawHttp.send(
                        port,
                        "POST /v1/chat/completions HTTP/1.1",
                        Map.of("Host", "127.0.0.1", "Content-Length", "-1", "Content-Type", "application/json"),
                        ""));
        cases.forEach((what, r) -> {
            assertThat(r.status()).as(what).isBetween(400, 499);
            assertThat(r.header("content-type")).as(what).hasValueSatisfying(v -> assertThat(v)
                    .contains("json"));
            assertThat(r.body()).as(what).doesNotContain("<html").doesNotContain("<HTML");
            JsonNode body = TestGateway.read(r.body());
            assertThat(body.path("status").asInt()).as(what).isEqualTo(r.status());
            assertThat(body.path("detail").asText()).as(what).isNotBlank();
        });
        assertThat(cases.get("414").status()).isEqualTo(414);
        assertThat(cases.get("431").status()).isEqualTo(431);
    }
}
