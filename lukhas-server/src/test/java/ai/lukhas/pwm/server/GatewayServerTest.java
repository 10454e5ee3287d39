package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.LukhasVersion;
import ai.lukhas.pwm.server.http.ExchangeRoutes;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private GatewayServer server;

    @BeforeEach
    void start() {
        Routes testRoutes = routes -> {
            routes.post("/echo", ctx -> ctx.result(ctx.body()));
            routes.get("/text/{n}", ctx -> ctx.result("x".repeat(Integer.parseInt(ctx.pathParam("n")))));
            routes.get("/boom", ctx -> {
                throw new IllegalStateException("secret internal detail");
            });
            routes.get("/refuse", ctx -> {
                throw new ProblemException(Problem.of(422, "Invalid signal", "level must be finite, but was NaN")
                        .withErrors(List.of(new Problem.FieldError("signals[0].level", "must be finite"))));
            });
        };
        // a hot route (answered by HotRoutesHandler at its exact path, by Javalin at /hot/text/): n x's
        ExchangeRoutes hot = () -> java.util.Map.of(
                "/hot/text",
                ex -> ex.result(
                        200,
                        "application/json",
                        "x"
                                .repeat(Integer.parseInt(ex.body().strip()))
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        server = GatewayServer.start(new ServerSettings("127.0.0.1", 0, 4096), List.of(testRoutes, hot));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String path) throws Exception {
        return http.send(
                b.uri(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode problem(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith(Problem.MEDIA_TYPE));
        JsonNode p = json.readTree(r.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).isNotBlank();
        return p;
    }

    @Test
    void answersFromAboutOneAndAHalfKilobytesAreGzippedForClientsThatAskExactlyAsBefore() throws Exception {
        // Javalin decides on its first write to the response; the result copy buffer must not split it.
        for (int n : new int[] {1499, 1500, 2000, 5000, 40_000}) {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/text/" + n))
                            .header("Accept-Encoding", "gzip")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            byte[] body = r.body();
            if (n >= 1500) {
                assertThat(r.headers().firstValue("content-encoding"))
                        .as("%d bytes", n)
                        .contains("gzip");
                body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            } else {
                assertThat(r.headers().firstValue("content-encoding"))
                        .as("%d bytes", n)
                        .isEmpty();
            }
            assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("x".repeat(n));
        }
    }

    @Test
    void theHotHandlerGzipsFromOneAndAHalfKilobytesAndRefusesOversizedBodiesAsJavalinDoes() throws Exception {
        for (String path : List.of("/hot/text", "/hot/text/")) {
            for (int n : new int[] {1499, 1500, 40_000}) {
                HttpResponse<byte[]> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                                .header("Accept-Encoding", "gzip")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(Integer.toString(n)))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-lukhas-api-version")).contains(GatewayServer.API_VERSION);
                byte[] body = r.body();
                if (n >= 1500) {
                    assertThat(r.headers().firstValue("content-encoding"))
                            .as("%s %d bytes", path, n)
                            .contains("gzip");
                    body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
                } else {
                    assertThat(r.headers().firstValue("content-encoding"))
                            .as("%s %d bytes", path, n)
                            .isEmpty();
                }
                assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo("x".repeat(n));
            }
            JsonNode p = problem(
                    send(
                            HttpRequest.newBuilder()
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(" ".repeat(5000) + "1")),
                            path),
                    413);
            assertThat(p.get("detail").asText()).as(path).contains("4096");
        }
    }

    @Test
    void healthzAnswersOkWithTheVersionAndTheApiVersionHeader() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(), "/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("x-lukhas-api-version")).contains(GatewayServer.API_VERSION);
        assertThat(r.body()).contains("\"status\":\"ok\"").contains(LukhasVersion.current());
    }

    @Test
    void unknownRouteIsAProblemNamingTheRoute() throws Exception {
        JsonNode p = problem(send(HttpRequest.newBuilder(), "/nope"), 404);
        assertThat(p.get("detail").asText()).contains("GET /nope");
        assertThat(p.get("instance").asText()).isEqualTo("/nope");
    }

    @Test
    void wrongMethodIs405Problem() throws Exception {
        problem(send(HttpRequest.newBuilder().DELETE(), "/healthz"), 405);
    }

    @Test
    void aBodyOverTheLimitIs413WithTheLimit() throws Exception {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))), "/echo");
        JsonNode p = problem(r, 413);
        assertThat(p.get("detail").asText()).contains("4096 bytes");
        assertThat(send(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("small")), "/echo")
                        .body())
                .isEqualTo("small");
    }

    @Test
    void anUnexpectedExceptionNeverLeaksItsMessageOrStackTrace() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(), "/boom");
        JsonNode p = problem(r, 500);
        assertThat(r.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
        assertThat(p.get("detail").asText()).contains("error id");
    }

    @Test
    void aProblemExceptionIsRenderedWithItsFieldErrors() throws Exception {
        JsonNode p = problem(send(HttpRequest.newBuilder(), "/refuse"), 422);
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("signals[0].level");
        assertThat(p.get("detail").asText()).contains("NaN");
    }
}
