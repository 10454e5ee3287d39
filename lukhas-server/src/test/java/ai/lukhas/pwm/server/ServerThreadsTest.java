package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.config.ServerThreads;
import ai.lukhas.pwm.server.http.ExchangeRoutes;
import ai.lukhas.pwm.server.http.Routes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServerThreadsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @EnumSource(ServerThreads.class)
    void everyThreadModelServesRoutesAndProblemsOnTheThreadsItNames(ServerThreads threads) throws Exception {
        AtomicReference<Thread> handler = new AtomicReference<>();
        Routes who = routes -> routes.post("/who", ctx -> {
            handler.set(Thread.currentThread());
            ctx.result(ctx.body());
        });
        // a hot route, answered by HotRoutesHandler in front of Javalin: on the same kind of thread
        AtomicReference<Thread> hotHandler = new AtomicReference<>();
        ExchangeRoutes hot = () -> java.util.Map.of("/hot-who", ex -> {
            hotHandler.set(Thread.currentThread());
            ex.result(200, "text/plain", ex.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        try (GatewayServer server =
                GatewayServer.start(new ServerSettings("127.0.0.1", 0, 4096, threads), List.of(who, hot))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> echo = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/who"))
                            .POST(HttpRequest.BodyPublishers.ofString("hello"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).isEqualTo("hello");
            assertThat(echo.headers().firstValue("x-lukhas-api-version")).contains(GatewayServer.API_VERSION);
            assertThat(handler.get().isVirtual())
                    .as(
                            "%s runs handlers on %s threads",
                            threads, threads == ServerThreads.PLATFORM ? "platform" : "virtual")
                    .isEqualTo(threads != ServerThreads.PLATFORM);

            HttpResponse<String> hotEcho = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/hot-who"))
                            .POST(HttpRequest.BodyPublishers.ofString("hot"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hotEcho.body()).isEqualTo("hot");
            assertThat(hotHandler.get().isVirtual())
                    .as("%s runs hot routes on the same kind of threads", threads)
                    .isEqualTo(threads != ServerThreads.PLATFORM);

            HttpResponse<String> missing = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        }
    }
}
